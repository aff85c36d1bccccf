internal import CProtobufC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A protobuf-c allocator that refuses to hand out more than a fixed number of bytes in total.
///
/// protobuf-c 1.4.1 allocates a whole C struct for every sub-message it meets, so a small input
/// can ask for far more memory than its size; this cap turns that into a clean
/// ``ProtoDecodingError/Code-swift.struct/tooLarge`` instead of an unbounded allocation.
final class AllocationBudget {
    private struct State {
        var remaining: Int
        var exhausted: Bool
    }

    /// The total number of bytes that may be allocated.
    let limit: Int
    private let state: UnsafeMutablePointer<State>
    /// The allocator to pass to protobuf-c; valid while this object lives.
    let allocator: UnsafeMutablePointer<ProtobufCAllocator>

    init(limit: Int) {
        self.limit = limit
        state = .allocate(capacity: 1)
        state.initialize(to: State(remaining: limit, exhausted: false))
        allocator = .allocate(capacity: 1)
        allocator.initialize(
            to: ProtobufCAllocator(
                alloc: { data, size in
                    let state = data!.assumingMemoryBound(to: State.self)
                    guard size <= state.pointee.remaining else {
                        state.pointee.exhausted = true
                        return nil
                    }
                    state.pointee.remaining -= size
                    return malloc(Swift.max(size, 1))
                },
                free: { _, pointer in free(pointer) },
                allocator_data: UnsafeMutableRawPointer(state)
            )
        )
    }

    /// Whether an allocation was refused.
    var exhausted: Bool { state.pointee.exhausted }

    deinit {
        allocator.deallocate()
        state.deallocate()
    }
}

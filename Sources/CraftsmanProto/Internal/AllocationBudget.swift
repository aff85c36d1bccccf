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
///
/// The budget and the allocator live on the stack of the decoding call: every message decoded
/// uses one, so they cost no allocation of their own.
struct AllocationBudget {
    /// The total number of bytes that may be allocated.
    let limit: Int
    private var remaining: Int
    /// Whether an allocation was refused.
    private(set) var exhausted = false

    init(limit: Int) {
        self.limit = limit
        remaining = limit
    }

    /// Runs `body` with a protobuf-c allocator drawing on this budget; the allocator is valid
    /// only inside `body`.
    mutating func withAllocator<R, E: Error>(
        _ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeMutablePointer(to: &self) { (budget) throws(E) -> R in
            var allocator = ProtobufCAllocator(
                alloc: { data, size in
                    let budget = data!.assumingMemoryBound(to: AllocationBudget.self)
                    guard size <= budget.pointee.remaining else {
                        budget.pointee.exhausted = true
                        return nil
                    }
                    budget.pointee.remaining -= size
                    return malloc(Swift.max(size, 1))
                },
                free: { _, pointer in free(pointer) },
                allocator_data: UnsafeMutableRawPointer(budget)
            )
            return try withUnsafeMutablePointer(to: &allocator) { (allocator) throws(E) -> R in try body(allocator) }
        }
    }
}

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
/// The budget and the allocator live on the stack of the decoding call, and so do the first
/// ``scratchBytes`` bytes it hands out (most messages need no more): a decode then makes no
/// `malloc` or `free` call for its C structs and strings, and nothing needs freeing after it.
struct AllocationBudget {
    /// Bytes handed out from the stack before `malloc` is used.
    static let scratchBytes = 4096

    /// The total number of bytes that may be allocated.
    let limit: Int
    private var remaining: Int
    /// Whether an allocation was refused.
    private(set) var exhausted = false
    /// Whether any allocation came from `malloc` (and must be freed).
    private(set) var usedHeap = false
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var scratchUsed = 0

    init(limit: Int) {
        self.limit = limit
        remaining = limit
    }

    /// Runs `body` with a protobuf-c allocator drawing on this budget and a function telling
    /// whether it has used `malloc` so far; both, and what the allocator handed out from the
    /// stack, are valid only inside `body`.
    mutating func withAllocator<R, E: Error>(
        _ body: (UnsafeMutablePointer<ProtobufCAllocator>, _ usedHeap: () -> Bool) throws(E) -> R
    ) throws(E) -> R {
        let result = withUnsafeTemporaryAllocation(byteCount: Self.scratchBytes, alignment: 16) { scratch in
            Result { () throws(E) -> R in
                self.scratch = scratch
                self.scratchUsed = 0
                defer { self.scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0) }
                return try withUnsafeMutablePointer(to: &self) { (budget) throws(E) -> R in
                    var allocator = ProtobufCAllocator(
                        alloc: { data, size in
                            data!.assumingMemoryBound(to: AllocationBudget.self).pointee.allocate(size)
                        },
                        free: { data, pointer in
                            data!.assumingMemoryBound(to: AllocationBudget.self).pointee.release(pointer)
                        },
                        allocator_data: UnsafeMutableRawPointer(budget)
                    )
                    return try withUnsafeMutablePointer(to: &allocator) { (allocator) throws(E) -> R in
                        try body(allocator) { budget.pointee.usedHeap }
                    }
                }
            }
        }
        return try result.get()
    }

    private mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        guard size <= remaining else {
            exhausted = true
            return nil
        }
        remaining -= size
        // 16-byte steps keep every C struct and string aligned as malloc's would be.
        let step = (Swift.max(size, 1) + 15) & ~15
        if step <= scratch.count - scratchUsed, let base = scratch.baseAddress {
            defer { scratchUsed += step }
            return base + scratchUsed
        }
        usedHeap = true
        return malloc(Swift.max(size, 1))
    }

    private func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        if let base = scratch.baseAddress, pointer >= base, pointer < base + scratch.count { return }
        free(pointer)
    }
}

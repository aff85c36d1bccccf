/// Bounds that decoding enforces, so that no input can make it use unbounded memory or stack.
public struct DecodingLimits: Hashable, Sendable {
    /// The largest encoded message accepted, in bytes. Default 4 MiB.
    public var maxMessageBytes: Int

    /// The deepest nesting of messages accepted. The schema has no recursive messages, so real
    /// messages stay far below the default of 32; the bound guards the validator's recursion.
    public var maxNestingDepth: Int

    /// How many bytes protobuf-c may allocate per input byte while unpacking. A tiny
    /// sub-message costs two bytes on the wire but a whole C struct in memory, so the budget is
    /// proportional to the input, plus ``allocationSlackBytes``. Default 64.
    public var allocationBytesPerInputByte: Int

    /// Fixed allocation allowance on top of the proportional one. Default 64 KiB.
    public var allocationSlackBytes: Int

    /// The defaults documented on each property.
    public static let `default` = DecodingLimits()

    /// Creates limits; every argument defaults to the documented value.
    public init(
        maxMessageBytes: Int = 4 << 20,
        maxNestingDepth: Int = 32,
        allocationBytesPerInputByte: Int = 64,
        allocationSlackBytes: Int = 64 << 10
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxNestingDepth = maxNestingDepth
        self.allocationBytesPerInputByte = allocationBytesPerInputByte
        self.allocationSlackBytes = allocationSlackBytes
    }

    /// The most protobuf-c may allocate for an input of `inputBytes` bytes.
    public func allocationBudget(forInputBytes inputBytes: Int) -> Int {
        let (product, overflow) = inputBytes.multipliedReportingOverflow(by: allocationBytesPerInputByte)
        if overflow { return Int.max }
        let (total, overflow2) = product.addingReportingOverflow(allocationSlackBytes)
        return overflow2 ? Int.max : total
    }
}

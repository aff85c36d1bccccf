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

    /// Skip the validating pre-pass (tags, wire types, UTF-8, embedded NUL, nesting depth) and
    /// leave the checks to protobuf-c, the allocation budget and the closed-enum checks. Only for
    /// bytes this program encoded itself and checked by checksum since (the server's snapshots
    /// and journal records): they cannot hold what the pre-pass looks for, and loading a
    /// snapshot spends a fifth of its time in it. Default false.
    public var skipsWireValidation: Bool = false

    /// The defaults documented on each property.
    public static let `default` = DecodingLimits()

    /// For the server's own checksummed files: no pre-pass, messages up to 64 MiB.
    public static let ownChecksummedData: DecodingLimits = {
        var limits = DecodingLimits(maxMessageBytes: 64 << 20)
        limits.skipsWireValidation = true
        return limits
    }()

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

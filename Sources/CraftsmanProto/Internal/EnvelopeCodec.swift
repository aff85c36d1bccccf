#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A hand-written codec for the envelope messages that every call carries (`RequestHeader`,
/// `ResponseTrailer` and the `CallStatus` and `MetadataEntry` inside them).
///
/// The generic path validates against protobuf-c's descriptors, unpacks with `malloc` and copies
/// into Swift: several times the cost of the call itself for these few small fields. This path
/// reads and writes them directly, and it is only ever a shortcut: whenever an input is anything
/// but a plain, valid message (an unknown or repeated field, a wrong wire type, a long varint,
/// invalid UTF-8, a NUL, status details, tight limits), it answers nil and the caller takes the
/// generic path, which decides, so accepted inputs, results and errors are those of the generic
/// path. `EnvelopeCodecTests` checks both paths agree on valid, random and malformed inputs.
enum EnvelopeCodec {
    // MARK: - Decoding

    /// Whether `limits` let every plain envelope through the generic path (which enforces them).
    static func admits(_ count: Int, _ limits: DecodingLimits) -> Bool {
        count <= limits.maxMessageBytes && limits.maxNestingDepth >= 2 && limits.allocationBytesPerInputByte >= 64
            && limits.allocationSlackBytes >= 4096
    }

    /// A service or method name: the one seen last when the bytes are the same (no new string,
    /// no UTF-8 check: those bytes passed it), else a new one, remembered when `names` is given.
    static func name(
        _ bytes: UnsafeRawBufferPointer, _ names: UnsafeMutablePointer<RequestNames>?, isService: Bool
    ) -> String? {
        guard let names else { return WireReader.string(bytes) }
        let known = isService ? names.pointee.service : names.pointee.method
        if let known, known.bytes.count == bytes.count,
            bytes.isEmpty || known.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        {
            return known.string
        }
        guard let text = WireReader.string(bytes) else { return nil }
        let name = RequestNames.Name(bytes: [UInt8](bytes), string: text)
        if isService { names.pointee.service = name } else { names.pointee.method = name }
        return text
    }

    /// A request header; with `payload`, its payload is not copied but located: `payload` is set
    /// to where it is in `bytes`, and the header's own `payload` stays nil.
    static func requestHeader(
        _ bytes: UnsafeRawBufferPointer, limits: DecodingLimits, names: UnsafeMutablePointer<RequestNames>? = nil,
        payload: UnsafeMutablePointer<Range<Int>?>? = nil
    ) -> RequestHeader? {
        guard admits(bytes.count, limits) else { return nil }
        var reader = WireReader(bytes)
        var header = RequestHeader()
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag() else { return nil }
            if number != 4 {
                guard number >= 1, number <= 5, seen & (1 << number) == 0 else { return nil }
                seen |= 1 << number
            }
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.lengthDelimited(), let text = name(value, names, isService: true) else {
                    return nil
                }
                header.service = text
            case (2, 2):
                guard let value = reader.lengthDelimited(), let text = name(value, names, isService: false) else {
                    return nil
                }
                header.method = text
            case (3, 0):
                guard let value = reader.varint() else { return nil }
                header.timeoutMicros = value
            case (4, 2):
                guard let value = reader.lengthDelimited(), let entry = metadataEntry(value) else { return nil }
                header.metadata.append(entry)
            case (5, 2):
                guard let value = reader.lengthDelimited() else { return nil }
                if let payload {
                    payload.pointee = reader.offset - value.count..<reader.offset
                } else {
                    header.payload = [UInt8](value)
                }
            default:
                return nil
            }
        }
        return header
    }

    static func responseTrailer(_ bytes: UnsafeRawBufferPointer, limits: DecodingLimits) -> ResponseTrailer? {
        guard admits(bytes.count, limits) else { return nil }
        var reader = WireReader(bytes)
        var trailer = ResponseTrailer()
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag() else { return nil }
            if number != 2 {
                guard number >= 1, number <= 3, seen & (1 << number) == 0 else { return nil }
                seen |= 1 << number
            }
            switch (number, wireType) {
            case (1, 2):
                guard let value = reader.lengthDelimited(), let status = callStatus(value) else { return nil }
                trailer.status = status
            case (2, 2):
                guard let value = reader.lengthDelimited(), let entry = metadataEntry(value) else { return nil }
                trailer.metadata.append(entry)
            case (3, 2):
                guard let value = reader.lengthDelimited() else { return nil }
                trailer.payload = [UInt8](value)
            default:
                return nil
            }
        }
        return trailer
    }

    /// A `CallStatus` without details (a status with details takes the generic path).
    static func callStatus(_ bytes: UnsafeRawBufferPointer) -> CallStatus? {
        var reader = WireReader(bytes)
        var status = CallStatus()
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag(), number >= 1, number <= 2, seen & (1 << number) == 0 else {
                return nil
            }
            seen |= 1 << number
            switch (number, wireType) {
            case (1, 0):
                guard let value = reader.uint32() else { return nil }
                status.code = value
            case (2, 2):
                guard let value = reader.lengthDelimited(), let text = WireReader.string(value) else { return nil }
                status.message = text
            default:
                return nil
            }
        }
        return status
    }

    static func metadataEntry(_ bytes: UnsafeRawBufferPointer) -> MetadataEntry? {
        var reader = WireReader(bytes)
        var entry = MetadataEntry()
        var seen: UInt8 = 0
        while !reader.isAtEnd {
            // `text` and `binary` share a oneof: a second member would replace the first.
            guard let (number, wireType) = reader.tag(), number >= 1, number <= 3, wireType == 2 else { return nil }
            let bit: UInt8 = number == 1 ? 1 : 2
            guard seen & bit == 0, let value = reader.lengthDelimited() else { return nil }
            seen |= bit
            switch number {
            case 1:
                guard let text = WireReader.string(value) else { return nil }
                entry.key = text
            case 2:
                guard let text = WireReader.string(value) else { return nil }
                entry.value = .text(text)
            default:
                entry.value = .binary([UInt8](value))
            }
        }
        return entry
    }

    // MARK: - Encoding

    /// Writes fields in field-number order and leaves out proto3 defaults, as protobuf-c does.
    struct Writer {
        var bytes: [UInt8] = []

        static func varintSize(_ value: UInt64) -> Int {
            var size = 1
            var rest = value >> 7
            while rest != 0 {
                size += 1
                rest >>= 7
            }
            return size
        }

        /// The encoded size of a length-delimited field of `length` bytes with a one-byte tag.
        static func fieldSize(_ length: Int) -> Int {
            1 + varintSize(UInt64(length)) + length
        }

        mutating func varint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func varintField(_ tag: UInt8, _ value: UInt64) {
            bytes.append(tag)
            varint(value)
        }

        mutating func bytesField<C: Collection<UInt8>>(_ tag: UInt8, _ value: C) {
            bytes.append(tag)
            varint(UInt64(value.count))
            bytes.append(contentsOf: value)
        }

        mutating func stringField(_ tag: UInt8, _ value: String) {
            bytesField(tag, value.utf8)
        }
    }

    /// Whether a string can be encoded: protobuf-c's strings end at NUL, so one holding NUL makes
    /// the generic path throw.
    static func encodable(_ string: String) -> Bool {
        // Native strings are contiguous: a plain byte scan, not the generic UTF8View walk.
        string.utf8.withContiguousStorageIfAvailable { !$0.contains(0) } ?? !string.utf8.contains(0)
    }

    static func metadataSize(_ entry: MetadataEntry) -> Int? {
        guard encodable(entry.key) else { return nil }
        var size = entry.key.isEmpty ? 0 : Writer.fieldSize(entry.key.utf8.count)
        switch entry.value {
        case .text(let text)?:
            guard encodable(text) else { return nil }
            size += Writer.fieldSize(text.utf8.count)
        case .binary(let bytes)?:
            size += Writer.fieldSize(bytes.count)
        case nil:
            break
        }
        return size
    }

    static func write(_ entry: MetadataEntry, size: Int, tag: UInt8, to writer: inout Writer) {
        writer.bytes.append(tag)
        writer.varint(UInt64(size))
        if !entry.key.isEmpty { writer.stringField(0x0A, entry.key) }
        switch entry.value {
        case .text(let text)?: writer.stringField(0x12, text)
        case .binary(let bytes)?: writer.bytesField(0x1A, bytes)
        case nil: break
        }
    }

    /// The `service` and `method` fields of a request header, or nil when a name holds NUL.
    static func requestPrefix(service: String, method: String) -> [UInt8]? {
        guard encodable(service), encodable(method) else { return nil }
        var writer = Writer()
        if !service.isEmpty { writer.stringField(0x0A, service) }
        if !method.isEmpty { writer.stringField(0x12, method) }
        return writer.bytes
    }

    /// The sizes of the metadata entries, or nil when the generic path must decide.
    static func metadataSizes(_ metadata: [MetadataEntry]) -> [Int]? {
        var sizes: [Int] = []
        sizes.reserveCapacity(metadata.count)
        for entry in metadata {
            guard let size = metadataSize(entry) else { return nil }
            sizes.append(size)
        }
        return sizes
    }

    /// The encoding of `header`, or nil when the generic path must decide (a string holds NUL).
    static func encode(_ header: RequestHeader) -> [UInt8]? {
        guard encodable(header.service), encodable(header.method) else { return nil }
        var capacity = 0
        var entrySizes: [Int] = []
        if !header.metadata.isEmpty {
            entrySizes.reserveCapacity(header.metadata.count)
            for entry in header.metadata {
                guard let size = metadataSize(entry) else { return nil }
                entrySizes.append(size)
                capacity += Writer.fieldSize(size)
            }
        }
        capacity += Writer.fieldSize(header.service.utf8.count) + Writer.fieldSize(header.method.utf8.count) + 11
        capacity += header.payload.map { Writer.fieldSize($0.count) } ?? 0
        var writer = Writer()
        writer.bytes.reserveCapacity(capacity)
        if !header.service.isEmpty { writer.stringField(0x0A, header.service) }
        if !header.method.isEmpty { writer.stringField(0x12, header.method) }
        if header.timeoutMicros != 0 { writer.varintField(0x18, header.timeoutMicros) }
        for (entry, size) in zip(header.metadata, entrySizes) {
            write(entry, size: size, tag: 0x22, to: &writer)
        }
        if let payload = header.payload { writer.bytesField(0x2A, payload) }
        return writer.bytes
    }

    /// The encoding of `trailer`, or nil when the generic path must decide (a string holds NUL,
    /// or the status has details).
    static func encode(_ trailer: ResponseTrailer) -> [UInt8]? {
        var capacity = 0
        var statusSize = 0
        if let status = trailer.status {
            guard status.details.isEmpty, encodable(status.message) else { return nil }
            if status.code != 0 { statusSize += 1 + Writer.varintSize(UInt64(status.code)) }
            if !status.message.isEmpty { statusSize += Writer.fieldSize(status.message.utf8.count) }
            capacity += Writer.fieldSize(statusSize)
        }
        var entrySizes: [Int] = []
        if !trailer.metadata.isEmpty {
            entrySizes.reserveCapacity(trailer.metadata.count)
            for entry in trailer.metadata {
                guard let size = metadataSize(entry) else { return nil }
                entrySizes.append(size)
                capacity += Writer.fieldSize(size)
            }
        }
        capacity += trailer.payload.map { Writer.fieldSize($0.count) } ?? 0
        var writer = Writer()
        writer.bytes.reserveCapacity(capacity)
        if let status = trailer.status {
            writer.bytes.append(0x0A)
            writer.varint(UInt64(statusSize))
            if status.code != 0 { writer.varintField(0x08, UInt64(status.code)) }
            if !status.message.isEmpty { writer.stringField(0x12, status.message) }
        }
        for (entry, size) in zip(trailer.metadata, entrySizes) {
            write(entry, size: size, tag: 0x12, to: &writer)
        }
        if let payload = trailer.payload { writer.bytesField(0x1A, payload) }
        return writer.bytes
    }
}

/// The service and method names of the previous request header a connection decoded: a header
/// that names them again reuses their strings, with no allocation and no UTF-8 check.
public struct RequestNames: Sendable {
    struct Name {
        let bytes: [UInt8]
        let string: String
    }

    var service: Name?
    var method: Name?

    /// No names seen yet.
    public init() {}
}

extension RequestHeader {
    /// Decodes a request header as ``init(envelopeBytes:limits:names:)`` does, except that the
    /// payload, when the specialised path reads the header, is not copied out of `bytes`.
    ///
    /// - Returns: the header, and where its payload is in `bytes`; when that place is given, the
    ///   header's `payload` was left nil for it, otherwise the header's `payload` is the payload.
    /// - Throws: the errors of ``init(serializedBytes:limits:)``.
    public static func decodeEnvelope(
        lendingPayloadOf bytes: UnsafeRawBufferPointer, limits: DecodingLimits = .default, names: inout RequestNames
    ) throws(ProtoDecodingError) -> (header: RequestHeader, payload: Range<Int>?) {
        var payload: Range<Int>?
        let specialised = withUnsafeMutablePointer(to: &names) { names in
            withUnsafeMutablePointer(to: &payload) { payload in
                EnvelopeCodec.requestHeader(bytes, limits: limits, names: names, payload: payload)
            }
        }
        if let specialised { return (specialised, payload) }
        return (try RequestHeader(serializedBytes: bytes, limits: limits), nil)
    }

    /// Decodes a request header exactly as ``init(envelopeBytes:limits:)-(UnsafeRawBufferPointer,_)``
    /// does, reusing the names of the previous header that `names` remembers.
    public init(envelopeBytes bytes: [UInt8], limits: DecodingLimits = .default, names: inout RequestNames)
        throws(ProtoDecodingError)
    {
        let specialised = withUnsafeMutablePointer(to: &names) { names in
            bytes.withUnsafeBytes { EnvelopeCodec.requestHeader($0, limits: limits, names: names) }
        }
        if let specialised {
            self = specialised
        } else {
            self = try RequestHeader(serializedBytes: bytes, limits: limits)
        }
    }

    /// Decodes a request header exactly as ``init(serializedBytes:limits:)`` does (the same
    /// values, the same errors), with a specialised path for the common case that skips
    /// protobuf-c's allocations: this runs once per call.
    public init(envelopeBytes bytes: UnsafeRawBufferPointer, limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        if let header = EnvelopeCodec.requestHeader(bytes, limits: limits) {
            self = header
        } else {
            self = try RequestHeader(serializedBytes: bytes, limits: limits)
        }
    }

    /// See ``init(envelopeBytes:limits:)-(UnsafeRawBufferPointer,_)``.
    public init(envelopeBytes bytes: [UInt8], limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtoDecodingError) in try RequestHeader(envelopeBytes: raw, limits: limits) }
        }
        self = try decoded.get()
    }

    /// Encodes the header to the same bytes as ``serializedBytes()``, with a specialised path
    /// that skips protobuf-c's allocations: this runs once per call.
    public func envelopeBytes() throws(ProtoEncodingError) -> [UInt8] {
        if let bytes = EnvelopeCodec.encode(self) { return bytes }
        return try serializedBytes()
    }
}

extension RequestHeader {
    /// The encoded size of the header of a call to `method` with these fields, or nil when the
    /// generic path must encode it (a name or a metadata string holds NUL).
    ///
    /// With ``appendEnvelope(method:timeoutMicros:metadata:payload:to:)`` a client writes the
    /// header straight into its write buffer, the method's names encoded once per method, the
    /// same bytes as ``envelopeBytes()`` of the equivalent `RequestHeader`.
    public static func envelopeCount(
        method: MethodDescriptor, timeoutMicros: UInt64, metadata: [MetadataEntry], payloadCount: Int?
    ) -> Int? {
        guard let prefix = method.requestEnvelopePrefix else { return nil }
        var count = prefix.count
        if timeoutMicros != 0 { count += 1 + EnvelopeCodec.Writer.varintSize(timeoutMicros) }
        if !metadata.isEmpty {
            guard let sizes = EnvelopeCodec.metadataSizes(metadata) else { return nil }
            for size in sizes { count += EnvelopeCodec.Writer.fieldSize(size) }
        }
        if let payloadCount { count += EnvelopeCodec.Writer.fieldSize(payloadCount) }
        return count
    }

    /// Appends the header that ``envelopeCount(method:timeoutMicros:metadata:payloadCount:)``
    /// measured (and did not refuse) to `buffer`.
    public static func appendEnvelope(
        method: MethodDescriptor, timeoutMicros: UInt64, metadata: [MetadataEntry], payload: [UInt8]?,
        to buffer: inout [UInt8]
    ) {
        var writer = EnvelopeCodec.Writer()
        swap(&writer.bytes, &buffer)
        defer { swap(&writer.bytes, &buffer) }
        writer.bytes.append(contentsOf: method.requestEnvelopePrefix ?? [])
        if timeoutMicros != 0 { writer.varintField(0x18, timeoutMicros) }
        if !metadata.isEmpty, let sizes = EnvelopeCodec.metadataSizes(metadata) {
            for (entry, size) in zip(metadata, sizes) {
                EnvelopeCodec.write(entry, size: size, tag: 0x22, to: &writer)
            }
        }
        if let payload { writer.bytesField(0x2A, payload) }
    }
}

extension ResponseTrailer {
    /// The encoded size of an OK trailer carrying `payloadCount` bytes and no metadata.
    public static func okEnvelopeCount(payloadCount: Int) -> Int {
        2 + EnvelopeCodec.Writer.fieldSize(payloadCount)
    }

    /// Appends the encoding of `ResponseTrailer(status: CallStatus(), payload: payload)` to
    /// `buffer` without building the message: the same bytes as its ``envelopeBytes()``. A server
    /// writes its successful unary replies this way, straight into its write buffer.
    public static func appendOKEnvelope(payload: [UInt8], to buffer: inout [UInt8]) {
        var writer = EnvelopeCodec.Writer()
        swap(&writer.bytes, &buffer)
        defer { swap(&writer.bytes, &buffer) }
        writer.bytes.append(0x0A)
        writer.bytes.append(0x00)
        writer.bytesField(0x1A, payload)
    }

    /// Decodes a response trailer exactly as ``init(serializedBytes:limits:)`` does (the same
    /// values, the same errors), with a specialised path for the common case that skips
    /// protobuf-c's allocations: this runs once per call.
    public init(envelopeBytes bytes: UnsafeRawBufferPointer, limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        if let trailer = EnvelopeCodec.responseTrailer(bytes, limits: limits) {
            self = trailer
        } else {
            self = try ResponseTrailer(serializedBytes: bytes, limits: limits)
        }
    }

    /// See ``init(envelopeBytes:limits:)-(UnsafeRawBufferPointer,_)``.
    public init(envelopeBytes bytes: [UInt8], limits: DecodingLimits = .default) throws(ProtoDecodingError) {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtoDecodingError) in try ResponseTrailer(envelopeBytes: raw, limits: limits) }
        }
        self = try decoded.get()
    }

    /// Encodes the trailer to the same bytes as ``serializedBytes()``, with a specialised path
    /// that skips protobuf-c's allocations: this runs once per call.
    public func envelopeBytes() throws(ProtoEncodingError) -> [UInt8] {
        if let bytes = EnvelopeCodec.encode(self) { return bytes }
        return try serializedBytes()
    }
}

internal import CProtobufC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scratch memory for building the C struct tree of one message before packing it.
///
/// Everything is bump-allocated from a few chunks and freed at once when the arena ends, so
/// encoding costs a handful of `malloc` calls rather than one per string and sub-message.
struct CArena: ~Copyable {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var nextChunkSize = 1024

    init() {}

    /// An arena that fills `scratch` (memory the caller owns, such as a stack buffer) before it
    /// allocates.
    init(scratch: UnsafeMutableRawBufferPointer) {
        cursor = scratch.baseAddress
        remaining = scratch.count
    }

    deinit {
        for chunk in chunks { free(chunk) }
    }

    /// Uninitialised memory for `count` values of `T`, aligned for `T`, valid until the arena ends.
    mutating func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let alignment = Swift.max(MemoryLayout<T>.alignment, 8)
        let size = Swift.max(MemoryLayout<T>.stride * count, 1)
        if let cursor {
            let misalignment = Int(bitPattern: cursor) & (alignment - 1)
            let padding = misalignment == 0 ? 0 : alignment - misalignment
            if padding + size <= remaining {
                let start = cursor + padding
                self.cursor = start + size
                remaining -= padding + size
                return start.bindMemory(to: T.self, capacity: count)
            }
        }
        let chunkSize = Swift.max(nextChunkSize, size + alignment)
        nextChunkSize = Swift.min(nextChunkSize * 2, 1 << 20)
        let chunk = malloc(chunkSize)!
        chunks.append(chunk)
        // malloc's memory is aligned for any fundamental type, which covers every C struct here.
        cursor = chunk + size
        remaining = chunkSize - size
        return chunk.bindMemory(to: T.self, capacity: count)
    }

    /// A NUL-terminated copy of `string`.
    ///
    /// - Throws: ``ProtoEncodingError`` when `string` contains NUL, which protobuf-c would cut.
    mutating func string(_ string: String, field: StaticString) throws(ProtoEncodingError) -> UnsafeMutablePointer<CChar> {
        var contiguous = string
        let (storage, nul) = contiguous.withUTF8 { utf8 -> (UnsafeMutablePointer<CChar>?, Int?) in
            if let nul = utf8.firstIndex(of: 0) { return (nil, nul) }
            let storage = allocate(CChar.self, count: utf8.count + 1)
            if let source = utf8.baseAddress {
                UnsafeMutableRawPointer(storage).copyMemory(from: source, byteCount: utf8.count)
            }
            storage[utf8.count] = 0
            return (storage, nil)
        }
        guard let storage else {
            throw ProtoEncodingError(
                code: .embeddedNUL,
                message: "\(field): the string holds a NUL character at UTF-8 offset \(nul ?? 0); "
                    + "strings may not contain NUL",
                field: "\(field)"
            )
        }
        return storage
    }

    /// A C array of NUL-terminated copies of `strings`.
    mutating func strings(
        _ strings: [String],
        field: StaticString
    ) throws(ProtoEncodingError) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !strings.isEmpty else { return (0, nil) }
        let array = allocate(UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (index, element) in strings.enumerated() {
            (array + index).initialize(to: try string(element, field: field))
        }
        return (strings.count, array)
    }

    /// protobuf-c's view of a copy of `bytes`.
    mutating func bytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let storage = allocate(UInt8.self, count: bytes.count)
        storage.initialize(from: bytes, count: bytes.count)
        return ProtobufCBinaryData(len: bytes.count, data: storage)
    }

    /// A C array of protobuf-c views of copies of `values`.
    mutating func bytesArray(_ values: [[UInt8]]) -> (Int, UnsafeMutablePointer<ProtobufCBinaryData>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(ProtobufCBinaryData.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: bytes(value))
        }
        return (values.count, array)
    }

    /// A C array holding `values` (numbers of the same layout as the C field).
    mutating func scalars<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(T.self, count: values.count)
        array.initialize(from: values, count: values.count)
        return (values.count, array)
    }

    /// A C array of `protobuf_c_boolean` for `values`.
    mutating func bools(_ values: [Bool]) -> (Int, UnsafeMutablePointer<protobuf_c_boolean>?) {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(protobuf_c_boolean.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: value ? 1 : 0)
        }
        return (values.count, array)
    }

    /// A C array of the C enum `C` holding the numbers of `values`.
    mutating func enums<E: ProtoEnum, C: RawRepresentable>(
        _ values: [E],
        as _: C.Type
    ) -> (Int, UnsafeMutablePointer<C>?) where C.RawValue: FixedWidthInteger {
        guard !values.isEmpty else { return (0, nil) }
        let array = allocate(C.self, count: values.count)
        for (index, value) in values.enumerated() {
            (array + index).initialize(to: C(rawValue: C.RawValue(truncatingIfNeeded: value.rawValue))!)
        }
        return (values.count, array)
    }

    /// A filled C struct for `message`.
    mutating func message<M: CMessageBridged>(_ message: M) throws(ProtoEncodingError) -> UnsafeMutablePointer<M.CStruct> {
        let structure = allocate(M.CStruct.self, count: 1)
        UnsafeMutableRawPointer(structure).withMemoryRebound(to: ProtobufCMessage.self, capacity: 1) {
            protobuf_c_message_init(M.cDescriptor, $0)
        }
        try message.write(to: structure, in: &self)
        return structure
    }

    /// A C array of pointers to filled C structs for `messages`.
    mutating func messages<M: CMessageBridged>(
        _ messages: [M]
    ) throws(ProtoEncodingError) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<M.CStruct>?>?) {
        guard !messages.isEmpty else { return (0, nil) }
        let array = allocate(UnsafeMutablePointer<M.CStruct>?.self, count: messages.count)
        for (index, element) in messages.enumerated() {
            (array + index).initialize(to: try message(element))
        }
        return (messages.count, array)
    }
}

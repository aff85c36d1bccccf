internal import CProtobufC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Encoding and decoding of generated messages through protobuf-c.
enum ProtoCodec {
    /// Encodes `message`: with the type's hand-written encoder when it has one and it answers
    /// (with protobuf-c's very bytes), else through ``encodeGenerically(_:)``.
    static func encode<M: CMessageBridged>(_ message: M) throws(ProtoEncodingError) -> [UInt8] {
        if let bytes = M.directlyEncoded(message) { return bytes }
        return try encodeGenerically(message)
    }

    /// Packs `message` with `protobuf_c_message_pack`, building the C struct in a scratch arena:
    /// the path that decides what every value encodes to, or which error it fails with.
    static func encodeGenerically<M: CMessageBridged>(_ message: M) throws(ProtoEncodingError) -> [UInt8] {
        // Most messages' C structs fit in a small stack buffer: no allocation but the result's.
        let packed = withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 16) { scratch in
            Result { () throws(ProtoEncodingError) -> [UInt8] in
                var arena = CArena(scratch: scratch)
                let root = try arena.message(message)
                let base = UnsafeRawPointer(root).assumingMemoryBound(to: ProtobufCMessage.self)
                let size = protobuf_c_message_get_packed_size(base)
                return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                    count = size == 0 ? 0 : protobuf_c_message_pack(base, buffer.baseAddress)
                }
            }
        }
        return try packed.get()
    }

    /// Decodes `bytes` as `M`: with the type's hand-written decoder when it has one and the input
    /// is plain (the same value), else through ``decodeGenerically(_:from:limits:)``.
    static func decode<M: CMessageBridged>(
        _ type: M.Type,
        from bytes: UnsafeRawBufferPointer,
        limits: DecodingLimits
    ) throws(ProtoDecodingError) -> M {
        if let message = M.directlyDecoded(bytes, limits: limits) { return message }
        return try decodeGenerically(type, from: bytes, limits: limits)
    }

    /// Validates `bytes`, unpacks them with `protobuf_c_message_unpack` under an allocation
    /// budget, and copies the result into a Swift value: the path that decides what every
    /// input decodes to, or which error it fails with.
    static func decodeGenerically<M: CMessageBridged>(
        _ type: M.Type,
        from bytes: UnsafeRawBufferPointer,
        limits: DecodingLimits
    ) throws(ProtoDecodingError) -> M {
        guard bytes.count <= limits.maxMessageBytes else {
            throw ProtoDecodingError(
                code: .tooLarge,
                message: "\(M.protoMessageName): \(bytes.count) bytes exceed the limit of \(limits.maxMessageBytes) bytes"
            )
        }
        if !limits.skipsWireValidation { try WireValidator(limits: limits).validate(bytes, as: M.cDescriptor) }
        if bytes.isEmpty {
            // protobuf-c needs no input to build a default message, but a zero-length buffer may
            // have no base address; an empty message is all defaults by definition.
            return M()
        }
        var budget = AllocationBudget(limit: limits.allocationBudget(forInputBytes: bytes.count))
        let decoded = budget.withAllocator { (allocator, usedHeap) -> Result<M, ProtoDecodingError>? in
            guard
                let unpacked = protobuf_c_message_unpack(
                    M.cDescriptor,
                    allocator,
                    bytes.count,
                    bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            else { return nil }
            // What came from the stack needs no freeing; anything else is freed as protobuf-c does.
            defer { if usedHeap() { protobuf_c_message_free_unpacked(unpacked, allocator) } }
            return UnsafeRawPointer(unpacked).withMemoryRebound(to: M.CStruct.self, capacity: 1) { typed in
                Result { () throws(ProtoDecodingError) in try M(cStruct: typed) }
            }
        }
        guard let decoded else {
            if budget.exhausted {
                throw ProtoDecodingError(
                    code: .tooLarge,
                    message: "\(M.protoMessageName): unpacking \(bytes.count) bytes would allocate more than "
                        + "the budget of \(budget.limit) bytes"
                )
            }
            throw ProtoDecodingError(
                code: .malformed,
                message: "\(M.protoMessageName): protobuf-c rejected the \(bytes.count)-byte encoding"
            )
        }
        return try decoded.get()
    }
}

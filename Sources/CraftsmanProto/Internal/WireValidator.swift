internal import CProtobufC

/// Walks an encoded message before protobuf-c unpacks it, using protobuf-c's own descriptors.
///
/// protobuf-c 1.4.1 copies string fields into NUL-terminated buffers without checking them, so
/// a string with an embedded NUL would be cut short without notice, and invalid UTF-8 would
/// pass. It also recurses without a depth limit. This pass refuses all of that first, with an
/// error that names the field and the byte offset, and checks every tag, varint, length and
/// wire type on the way.
struct WireValidator {
    let limits: DecodingLimits

    func validate(_ bytes: UnsafeRawBufferPointer, as descriptor: UnsafePointer<ProtobufCMessageDescriptor>)
        throws(ProtoDecodingError)
    {
        try validateMessage(bytes, from: 0, to: bytes.count, descriptor: descriptor, depth: 1)
    }

    private func validateMessage(
        _ bytes: UnsafeRawBufferPointer,
        from start: Int,
        to end: Int,
        descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        depth: Int
    ) throws(ProtoDecodingError) {
        // Names are only built on the error path: this walk runs on every decoded message.
        var messageName: String { String(cString: descriptor.pointee.name) }
        guard depth <= limits.maxNestingDepth else {
            throw ProtoDecodingError(
                code: .tooDeep,
                message: "\(messageName) at offset \(start) is nested \(depth) deep; "
                    + "the limit is \(limits.maxNestingDepth)",
                offset: start
            )
        }
        var offset = start
        while offset < end {
            let tagOffset = offset
            let tag = try readVarint(bytes, at: &offset, end: end, what: "a field tag in \(messageName)")
            let number = tag >> 3
            let wireType = Int(tag & 7)
            guard number >= 1, number <= 0x1FFF_FFFF else {
                throw malformed(
                    "\(messageName): field number \(number) at offset \(tagOffset) is outside 1...536870911", tagOffset)
            }
            let field = protobuf_c_message_descriptor_get_field(descriptor, UInt32(number))
            var fieldName: String {
                field.map { "\(messageName).\(String(cString: $0.pointee.name))" } ?? "\(messageName) field \(number)"
            }
            if let field {
                try checkWireType(wireType, field: field, fieldName: fieldName, offset: tagOffset)
            }
            switch wireType {
            case 0:
                _ = try readVarint(bytes, at: &offset, end: end, what: "the value of \(fieldName)")
            case 1, 5:
                let width = wireType == 1 ? 8 : 4
                guard end - offset >= width else {
                    throw malformed("\(fieldName): \(width)-byte value at offset \(offset) runs past the end", offset)
                }
                offset += width
            case 2:
                let lengthOffset = offset
                let length = try readVarint(bytes, at: &offset, end: end, what: "the length of \(fieldName)")
                guard length <= UInt64(end - offset) else {
                    throw malformed(
                        "\(fieldName): declared length \(length) at offset \(lengthOffset) "
                            + "exceeds the \(end - offset) bytes that remain",
                        lengthOffset
                    )
                }
                let valueEnd = offset + Int(length)
                if let field {
                    switch field.pointee.type {
                    case PROTOBUF_C_TYPE_STRING:
                        try checkString(bytes, from: offset, to: valueEnd, fieldName: fieldName)
                    case PROTOBUF_C_TYPE_MESSAGE:
                        let nested = field.pointee.descriptor.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
                        try validateMessage(bytes, from: offset, to: valueEnd, descriptor: nested, depth: depth + 1)
                    default:
                        break  // bytes, or a packed repeated scalar: protobuf-c checks those itself
                    }
                }
                offset = valueEnd
            default:
                throw malformed(
                    "\(fieldName): wire type \(wireType) at offset \(tagOffset) "
                        + "is not supported (groups and unknown wire types are refused)",
                    tagOffset
                )
            }
        }
    }

    private func checkWireType(
        _ wireType: Int,
        field: UnsafePointer<ProtobufCFieldDescriptor>,
        fieldName: @autoclosure () -> String,
        offset: Int
    ) throws(ProtoDecodingError) {
        let expected: Int
        switch field.pointee.type {
        case PROTOBUF_C_TYPE_STRING, PROTOBUF_C_TYPE_BYTES, PROTOBUF_C_TYPE_MESSAGE:
            expected = 2
        case PROTOBUF_C_TYPE_DOUBLE, PROTOBUF_C_TYPE_FIXED64, PROTOBUF_C_TYPE_SFIXED64:
            expected = 1
        case PROTOBUF_C_TYPE_FLOAT, PROTOBUF_C_TYPE_FIXED32, PROTOBUF_C_TYPE_SFIXED32:
            expected = 5
        default:
            expected = 0
        }
        let packedRepeated = field.pointee.label == PROTOBUF_C_LABEL_REPEATED && expected != 2 && wireType == 2
        guard wireType == expected || packedRepeated else {
            throw malformed(
                "\(fieldName()): wire type \(wireType) at offset \(offset), but the field needs wire type \(expected)", offset)
        }
    }

    private func checkString(
        _ bytes: UnsafeRawBufferPointer,
        from start: Int,
        to end: Int,
        fieldName: @autoclosure () -> String
    ) throws(ProtoDecodingError) {
        let value = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        // One pass finds a string that is neither; only then is it looked at twice, to report a
        // NUL before an invalid sequence wherever each is.
        guard Self.firstNULOrInvalidUTF8(value) != nil else { return }
        if let nul = value.firstIndex(of: 0) {
            throw ProtoDecodingError(
                code: .embeddedNUL,
                message: "\(fieldName()): the string holds a NUL byte at offset \(start + nul); strings may not contain NUL",
                field: fieldName(),
                offset: start + nul
            )
        }
        if let bad = Self.firstInvalidUTF8(value) {
            throw ProtoDecodingError(
                code: .invalidUTF8,
                message: "\(fieldName()): the string is not valid UTF-8 (bad sequence at offset \(start + bad))",
                field: fieldName(),
                offset: start + bad
            )
        }
    }

    /// The index of the first NUL byte or first byte of an invalid UTF-8 sequence, whichever
    /// comes first, or nil when the string holds neither: the check every decoded string goes
    /// through, eight bytes at a time while they are ASCII.
    static func firstNULOrInvalidUTF8(_ value: UnsafeRawBufferPointer) -> Int? {
        firstInvalidUTF8(value, refusingNUL: true)
    }

    /// The index of the first byte of an invalid UTF-8 sequence, or nil when all is valid.
    static func firstInvalidUTF8(_ value: UnsafeRawBufferPointer) -> Int? {
        firstInvalidUTF8(value, refusingNUL: false)
    }

    private static func firstInvalidUTF8(_ value: UnsafeRawBufferPointer, refusingNUL: Bool) -> Int? {
        var index = 0
        let count = value.count
        while index < count {
            // Eight bytes at a time while none has its high bit set and (when refused) none is 0.
            while index + 8 <= count {
                let word = value.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let zeroByte = refusingNUL ? (word &- 0x0101_0101_0101_0101) & ~word : 0
                guard (word | zeroByte) & 0x8080_8080_8080_8080 == 0 else { break }
                index += 8
            }
            guard index < count else { return nil }
            let lead = value[index]
            if lead < 0x80 {
                if refusingNUL && lead == 0 { return index }
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F  // no UTF-16 surrogates
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F  // nothing above U+10FFFF
            default: return index
            }
            guard index + length <= count else { return index }
            let second = value[index + 1]
            guard second >= lower, second <= upper else { return index }
            for continuation in 2..<length where value[index + continuation] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    private func readVarint(
        _ bytes: UnsafeRawBufferPointer,
        at offset: inout Int,
        end: Int,
        what: @autoclosure () -> String
    ) throws(ProtoDecodingError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else {
                throw malformed("\(what()): the varint at offset \(start) is truncated", start)
            }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64, !(shift == 63 && byte > 1) else {
                throw malformed("\(what()): the varint at offset \(start) is longer than 10 bytes or overflows 64 bits", start)
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private func malformed(_ message: String, _ offset: Int) -> ProtoDecodingError {
        ProtoDecodingError(code: .malformed, message: message, offset: offset)
    }
}

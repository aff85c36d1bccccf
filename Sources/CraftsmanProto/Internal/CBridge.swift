internal import CProtobufC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies the parts of an unpacked protobuf-c struct into Swift values.
///
/// Strings were already checked by ``WireValidator`` (valid UTF-8, no NUL), so they are copied
/// without a second validation.
enum CBridge {
    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        let buffer = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
        return String(decoding: buffer, as: UTF8.self)
    }

    static func strings(_ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, count: Int) -> [String] {
        guard let pointer, count > 0 else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map { string($0) }
    }

    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard let start = data.data, data.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: start, count: data.len))
    }

    static func bytesArray(_ pointer: UnsafeMutablePointer<ProtobufCBinaryData>?, count: Int) -> [[UInt8]] {
        guard let pointer, count > 0 else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map { bytes($0) }
    }

    static func scalars<T>(_ pointer: UnsafeMutablePointer<T>?, count: Int) -> [T] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    static func bools(_ pointer: UnsafeMutablePointer<protobuf_c_boolean>?, count: Int) -> [Bool] {
        guard let pointer, count > 0 else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map { $0 != 0 }
    }

    /// The Swift enum case for a C enum value, or an error naming the field and the number.
    static func enumValue<E: ProtoEnum, Raw: FixedWidthInteger>(
        _ raw: Raw,
        field: StaticString
    ) throws(ProtoDecodingError) -> E {
        let number = Int32(truncatingIfNeeded: raw)
        guard let value = E(rawValue: number) else {
            throw ProtoDecodingError(
                code: .unknownEnumValue,
                message: "\(field): \(number) is not a value of \(E.protoEnumName)",
                field: "\(field)"
            )
        }
        return value
    }

    static func enumValues<E: ProtoEnum, C: RawRepresentable>(
        _ pointer: UnsafeMutablePointer<C>?,
        count: Int,
        field: StaticString
    ) throws(ProtoDecodingError) -> [E] where C.RawValue: FixedWidthInteger {
        guard let pointer, count > 0 else { return [] }
        var values: [E] = []
        values.reserveCapacity(count)
        for element in UnsafeBufferPointer(start: pointer, count: count) {
            values.append(try enumValue(element.rawValue, field: field))
        }
        return values
    }

    static func message<M: CMessageBridged>(_ pointer: UnsafeMutablePointer<M.CStruct>?) throws(ProtoDecodingError) -> M? {
        guard let pointer else { return nil }
        return try M(cStruct: pointer)
    }

    static func messages<M: CMessageBridged>(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<M.CStruct>?>?,
        count: Int
    ) throws(ProtoDecodingError) -> [M] {
        guard let pointer, count > 0 else { return [] }
        var values: [M] = []
        values.reserveCapacity(count)
        for element in UnsafeBufferPointer(start: pointer, count: count) {
            if let element {
                values.append(try M(cStruct: element))
            } else {
                values.append(M())
            }
        }
        return values
    }
}

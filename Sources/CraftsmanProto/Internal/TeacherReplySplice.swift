/// Teacher replies built from the bytes of the journal entry that stored the teacher, instead of
/// converting and encoding the same teacher a second time.
///
/// A teacher write's entry (`JournalEntry`, field 4 `teacher_created` or 5 `teacher_updated`)
/// holds a `StoredTeacher` whose field 1 is the teacher as the API shows it, except for
/// `national_id_masked` (field 4), which is derived on load and so left out. A reply
/// (`CreateTeacherResponse` / `UpdateTeacherResponse`: the teacher in field 1) is those bytes with
/// the masked ID put back where its field number places it: exactly what encoding the reply
/// writes, since every encoder here writes fields in number order (`TeacherReplySpliceTests`
/// compares both for the demo teachers). Anything unexpected in the entry gives nil, and the
/// caller encodes the reply the usual way.
enum TeacherReplySplice {
    /// The reply bytes for the teacher in `entry`'s field `change` (4 or 5), showing
    /// `nationalIDMasked`; nil when `entry` is not such a teacher write as this server encodes one.
    static func reply(journalEntry entry: [UInt8], change: Int, nationalIDMasked: String) -> [UInt8]? {
        entry.withUnsafeBytes { raw -> [UInt8]? in
            guard let stored = field(in: raw, number: change, refusing: 2...7), let teacher = field(in: stored, number: 1),
                let insertion = maskedIDOffset(in: teacher)
            else { return nil }
            let masked = nationalIDMasked.utf8
            let maskedField = masked.isEmpty ? 0 : 1 + varintSize(masked.count) + masked.count
            let teacherLength = teacher.count + maskedField
            var reply: [UInt8] = []
            reply.reserveCapacity(1 + varintSize(teacherLength) + teacherLength)
            reply.append(0x0A)  // field 1, length-delimited
            appendVarint(teacherLength, to: &reply)
            reply.append(contentsOf: UnsafeRawBufferPointer(rebasing: teacher[..<insertion]))
            if !masked.isEmpty {
                reply.append(0x22)  // field 4, length-delimited
                appendVarint(masked.count, to: &reply)
                reply.append(contentsOf: masked)
            }
            reply.append(contentsOf: UnsafeRawBufferPointer(rebasing: teacher[insertion...]))
            return reply
        }
    }

    /// The value of the one length-delimited field numbered `number` in `message`; nil when
    /// there is none or more than one, when the message has a field numbered in `refused` (the
    /// other members of a entry's oneof), or does not read cleanly.
    private static func field(
        in message: UnsafeRawBufferPointer, number wanted: Int, refusing refused: ClosedRange<Int>? = nil
    ) -> UnsafeRawBufferPointer? {
        var reader = WireReader(message)
        var found: UnsafeRawBufferPointer?
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag() else { return nil }
            if number != wanted, let refused, refused.contains(number) { return nil }
            switch wireType {
            case 0:
                guard reader.varint() != nil else { return nil }
            case 2:
                guard let value = reader.lengthDelimited() else { return nil }
                if number == wanted {
                    guard found == nil else { return nil }
                    found = value
                }
            default:
                return nil
            }
        }
        return found
    }

    /// Where field 4 belongs in a teacher's bytes: after its fields numbered below 4. Nil when
    /// the teacher already has one, or does not read cleanly.
    private static func maskedIDOffset(in teacher: UnsafeRawBufferPointer) -> Int? {
        var reader = WireReader(teacher)
        var insertion: Int?
        while !reader.isAtEnd {
            let fieldStart = reader.offset
            guard let (number, wireType) = reader.tag() else { return nil }
            if number == 4 { return nil }
            if number > 4 && insertion == nil { insertion = fieldStart }
            if number < 4 && insertion != nil { return nil }  // out of order: not this encoder's
            switch wireType {
            case 0:
                guard reader.varint() != nil else { return nil }
            case 2:
                guard reader.lengthDelimited() != nil else { return nil }
            default:
                return nil
            }
        }
        return insertion ?? teacher.count
    }

    private static func varintSize(_ value: Int) -> Int {
        var size = 1
        var rest = UInt64(value) >> 7
        while rest != 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    private static func appendVarint(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// A teacher write's response (the teacher in field 1), which ``EncodedMessage`` can build from
/// the write's journal entry.
public protocol TeacherWriteResponse: ProtoMessage {
    /// The `JournalEntry` field of the write: 4 `teacher_created`, 5 `teacher_updated`.
    static var journalEntryField: Int { get }
}

extension CreateTeacherResponse: TeacherWriteResponse {
    public static var journalEntryField: Int { 4 }
}

extension UpdateTeacherResponse: TeacherWriteResponse {
    public static var journalEntryField: Int { 5 }
}

extension EncodedMessage where Message: TeacherWriteResponse {
    /// The response to a teacher write, built from the bytes of its journal entry (the
    /// `JournalEntry` with `teacher_created` for a creation, `teacher_updated` for an update) and
    /// the teacher's masked national ID (empty when none is on file); nil when `journalEntry` is
    /// not such an entry.
    public init?(journalEntry: [UInt8], nationalIDMasked: String) {
        guard
            let bytes = TeacherReplySplice.reply(
                journalEntry: journalEntry, change: Message.journalEntryField, nationalIDMasked: nationalIDMasked)
        else { return nil }
        self.init(splicedBytes: bytes)
    }
}

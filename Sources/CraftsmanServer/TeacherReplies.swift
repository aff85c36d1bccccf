import Craftsman
import CraftsmanProto
import Synchronization

/// Each teacher's GetTeacher reply, encoded once and kept, so that a read only hands over bytes.
///
/// A reply is kept with the revision of the teacher it shows and used only for that revision:
/// every change of a teacher raises its revision, so an updated teacher's old reply is never
/// sent. Replies are made on first read, not on writes (durable writes and the load at start do
/// not pay for encoding them), and the cache starts empty with each process. It costs about
/// 400 bytes per teacher read (docs/PERFORMANCE.md).
final class TeacherReplies: Sendable {
    private struct Entry {
        /// 0 for no reply: teachers' revisions start at 1.
        var revision: Int64 = 0
        var reply: EncodedMessage<GetTeacherResponse>?
    }

    /// By teacher number − 1.
    private let entries = Mutex<[Entry]>([])

    /// The reply kept for the teacher numbered `number` at `revision`, if there is one.
    func reply(teacherNumber number: UInt64, revision: Int64) -> EncodedMessage<GetTeacherResponse>? {
        let index = Int(number) - 1
        return entries.withLock { entries in
            index >= 0 && index < entries.count && entries[index].revision == revision ? entries[index].reply : nil
        }
    }

    /// The reply that shows `teacher`, encoded now and kept if none is kept for its revision.
    ///
    /// - Throws: `ProtoEncodingError` when the teacher cannot be encoded.
    func reply(for teacher: Craftsman.Teacher) throws(ProtoEncodingError) -> EncodedMessage<GetTeacherResponse> {
        guard let number = Registry.teacherNumber(id: teacher.id), number >= 1 else {
            return try EncodedMessage(GetTeacherResponse(teacher: CraftsmanProto.Teacher(teacher)))
        }
        if let kept = reply(teacherNumber: number, revision: teacher.revision) { return kept }
        // Encoded outside the lock; a reader racing on the same teacher encodes the same bytes.
        let reply = try EncodedMessage(GetTeacherResponse(teacher: CraftsmanProto.Teacher(teacher)))
        let index = Int(number) - 1
        entries.withLock { entries in
            if index >= entries.count {
                entries.append(contentsOf: repeatElement(Entry(), count: index + 1 - entries.count))
            }
            // A reader that saw an older revision does not replace a newer one's reply.
            if entries[index].revision <= teacher.revision { entries[index] = Entry(revision: teacher.revision, reply: reply) }
        }
        return reply
    }
}

import Craftsman
import CraftsmanProto
import CraftsmanStore
import Dispatch
import Foundation
import Synchronization

/// Everything the server keeps, as the store persists it: journal records are
/// `craftsman.store.v1.JournalEntry` messages and snapshots `craftsman.store.v1.StoreSnapshot`.
public struct CraftsmanState: JournaledState {
    /// One change and when it was made.
    public struct Change: Sendable, Equatable {
        public var registry: RegistryChange
        public var recordedAtUnixMilliseconds: Int64

        public init(registry: RegistryChange, recordedAtUnixMilliseconds: Int64) {
            self.registry = registry
            self.recordedAtUnixMilliseconds = recordedAtUnixMilliseconds
        }
    }

    /// Schools, teachers and teams.
    public private(set) var registry = Registry()

    public init() {}

    public mutating func apply(_ change: Change) throws {
        try registry.apply(change.registry)
    }

    public static func encode(_ change: Change) throws -> [UInt8] {
        let wire: JournalEntry.Change =
            switch change.registry {
            case .schoolCreated(let school): .schoolCreated(CraftsmanProto.School(school))
            case .schoolUpdated(let school): .schoolUpdated(CraftsmanProto.School(school))
            case .teacherCreated(let teacher): .teacherCreated(StoredTeacher(teacher))
            case .teacherUpdated(let teacher): .teacherUpdated(StoredTeacher(teacher))
            case .teamCreated(let team): .teamCreated(CraftsmanProto.Team(team))
            case .teamUpdated(let team): .teamUpdated(CraftsmanProto.Team(team))
            }
        return try JournalEntry(recordedAtUnixMs: change.recordedAtUnixMilliseconds, change: wire).serializedBytes()
    }

    public static func decode(_ payload: ArraySlice<UInt8>) throws -> Change {
        let entry = try JournalEntry(serializedBytes: payload, limits: .ownChecksummedData)
        let change: RegistryChange
        switch entry.change {
        case .schoolCreated(let school)?: change = .schoolCreated(school.domain)
        case .schoolUpdated(let school)?: change = .schoolUpdated(school.domain)
        case .teacherCreated(let teacher)?: change = .teacherCreated(try teacher.domain())
        case .teacherUpdated(let teacher)?: change = .teacherUpdated(try teacher.domain())
        case .teamCreated(let team)?: change = .teamCreated(try team.domain())
        case .teamUpdated(let team)?: change = .teamUpdated(try team.domain())
        case nil: throw StoredValueError(description: "the journal entry carries no change")
        }
        return Change(registry: change, recordedAtUnixMilliseconds: entry.recordedAtUnixMs)
    }

    /// The snapshot is one `StoreSnapshot` message, written and read one school, teacher or team
    /// at a time: the encoding of a repeated field is the concatenation of its elements, so no single
    /// buffer of C structs for 100,000 teachers is ever built, and each element is decoded with
    /// the usual per-message limits.
    public func snapshotPayload() throws -> [[UInt8]] {
        var writer = SnapshotWriter()
        writer.varint(field: 1, DurableStore<CraftsmanState>.systemClock())
        writer.varint(field: 2, Int64(registry.schoolCount))
        writer.varint(field: 3, Int64(registry.teacherCount))
        writer.varint(field: 6, Int64(registry.teamCount))
        for school in registry.allSchools { writer.message(field: 4, try CraftsmanProto.School(school).serializedBytes()) }
        // Encoding dominates writing a snapshot: parts of the teachers are encoded on every core
        // and written in order; each part yields its core every 128 teachers, so calls wait for
        // it about a millisecond at most.
        let count = registry.teacherCount
        let parts = min(max(1, count / 2048), ProcessInfo.processInfo.activeProcessorCount)
        let registry = registry
        let encoded = try BackgroundWork.map(parts: parts) { part in
            let range = UInt64(count * part / parts)..<UInt64(count * (part + 1) / parts)
            var partWriter = SnapshotWriter()
            for (index, teacher) in registry.teachers(numbered: range).enumerated() {
                partWriter.message(field: 5, try StoredTeacher(teacher).serializedBytes())
                if index % 128 == 127 { BackgroundWork.yield() }
            }
            return partWriter.bytes
        }
        // Teams are few (a school has a handful): one part, after the teachers.
        var teamWriter = SnapshotWriter()
        for team in registry.allTeams { teamWriter.message(field: 7, try CraftsmanProto.Team(team).serializedBytes()) }
        return [writer.bytes] + encoded + [teamWriter.bytes]
    }

    /// A digest of every school, teacher and team as stored, `fnv1a64:` and 16 hex digits: equal states
    /// have equal digests, whatever journal and snapshots they were rebuilt from.
    public func digest() throws -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bytes: [UInt8]) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        for school in registry.allSchools { mix(try CraftsmanProto.School(school).serializedBytes()) }
        for teacher in registry.allTeachers { mix(try StoredTeacher(teacher).serializedBytes()) }
        for team in registry.allTeams { mix(try CraftsmanProto.Team(team).serializedBytes()) }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public init(snapshotPayload payload: ArraySlice<UInt8>) throws {
        var reader = SnapshotReader(bytes: payload)
        var lastSchool: UInt64 = 0
        var lastTeacher: UInt64 = 0
        var lastTeam: UInt64 = 0
        var encodedTeachers: [ArraySlice<UInt8>] = []
        var teams: [Craftsman.Team] = []
        while let field = try reader.next() {
            switch field {
            case .varint(1, _): break
            case .varint(2, let value): lastSchool = value
            case .varint(3, let value): lastTeacher = value
            case .bytes(4, let bytes):
                let school = try CraftsmanProto.School(serializedBytes: bytes, limits: .ownChecksummedData).domain
                try registry.apply(.schoolCreated(school))
            case .bytes(5, let bytes):
                encodedTeachers.append(bytes)
            case .varint(6, let value): lastTeam = value
            case .bytes(7, let bytes):
                teams.append(try CraftsmanProto.Team(serializedBytes: bytes, limits: .ownChecksummedData).domain())
            default:
                throw StoredValueError(description: "the snapshot has an unexpected field \(field)")
            }
        }
        // Decoding dominates loading; it runs on every core, and the (cheap, ordered) apply after.
        for part in try Self.decodeInParallel(encodedTeachers) {
            for teacher in part { try registry.apply(.teacherCreated(teacher)) }
        }
        for team in teams { try registry.apply(.teamCreated(team)) }
        let declared = [lastSchool, lastTeacher, lastTeam]
        let held = [registry.schoolCount, registry.teacherCount, registry.teamCount].map(UInt64.init)
        guard declared == held else {
            throw StoredValueError(
                description:
                    "the snapshot declares \(lastSchool) schools, \(lastTeacher) teachers and \(lastTeam) teams but holds \(held[0]), \(held[1]) and \(held[2])"
            )
        }
    }

    /// Decodes stored teachers on all cores: the parts, in order; the first failure is thrown.
    private static func decodeInParallel(_ encoded: [ArraySlice<UInt8>]) throws -> [[Craftsman.Teacher]] {
        let parts = min(max(1, encoded.count / 2048), ProcessInfo.processInfo.activeProcessorCount * 2)
        let results = Mutex<[Int: Result<[Craftsman.Teacher], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (encoded.count * part / parts)..<(encoded.count * (part + 1) / parts)
            let result = Result {
                try encoded[range].map { try StoredTeacher(serializedBytes: $0, limits: .ownChecksummedData).domain() }
            }
            results.withLock { $0[part] = result }
        }
        return try (0..<parts).map { part in try results.withLock { $0[part]! }.get() }
    }
}

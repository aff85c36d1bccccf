import Craftsman
import CraftsmanProto
import CraftsmanStore
import Dispatch
import Foundation
import Synchronization

/// Everything the server keeps, as the store persists it: journal records are
/// `craftsman.store.v1.JournalEntry` messages and snapshots `craftsman.store.v1.StoreSnapshot`.
public struct CraftsmanState: JournaledState {
    /// The changes one command made, when, by whom and why: one journal record.
    public struct Change: Sendable, Equatable {
        /// Applied in order. A registry change travels alone.
        public var changes: [Craftsman.Change]
        public var recordedAtUnixMilliseconds: Int64
        /// The account that made the change; empty before accounts existed.
        public var actorAccountID: String
        /// Why, as the caller gave it.
        public var reason: String

        public init(
            changes: [Craftsman.Change], recordedAtUnixMilliseconds: Int64, actorAccountID: String = "", reason: String = ""
        ) {
            self.changes = changes
            self.recordedAtUnixMilliseconds = recordedAtUnixMilliseconds
            self.actorAccountID = actorAccountID
            self.reason = reason
        }

        public init(registry: RegistryChange, recordedAtUnixMilliseconds: Int64, actorAccountID: String = "", reason: String = "")
        {
            self.init(
                changes: [.registry(registry)], recordedAtUnixMilliseconds: recordedAtUnixMilliseconds,
                actorAccountID: actorAccountID,
                reason: reason)
        }
    }

    /// Schools, teachers, teams and the selection records.
    public private(set) var model = Model()

    /// Schools, teachers and teams.
    public var registry: Registry { model.registry }
    /// The program, rounds and selection records.
    public var selection: Selection { model.selection }

    public init() {}

    /// Applies every change of a record in order. The command that planned them checked them
    /// all against this state, so only a damaged or foreign journal fails part-way, and that
    /// stops the start.
    public mutating func apply(_ change: Change) throws {
        for change in change.changes { try model.apply(change) }
    }

    /// Teacher writes, the most frequent, are encoded by the journal's thread. Their encoding
    /// cannot fail: the only refusal the message layer has is a string holding NUL, and every
    /// string of such a change comes from the wire, whose validator refuses NUL in any string,
    /// or from the server (ids, times, the caller's account); `RegistryTests` checks NUL is
    /// refused in each of a teacher's strings. Every other change is encoded by its writer.
    public static func encodesLater(_ change: Change) -> Bool {
        guard change.changes.count == 1, case .registry(let registry) = change.changes[0] else { return false }
        switch registry {
        case .teacherCreated, .teacherUpdated: return true
        default: return false
        }
    }

    public static func encode(_ change: Change) throws -> [UInt8] {
        // Teacher writes, the most frequent, straight from the domain values.
        if let bytes = TeacherEntryEncoding.bytes(of: change) { return bytes }
        var entry = JournalEntry()
        entry.recordedAtUnixMs = change.recordedAtUnixMilliseconds
        entry.actorAccountID = change.actorAccountID
        entry.reason = change.reason
        for part in change.changes {
            switch part {
            case .registry(let registryChange):
                guard entry.change == nil, change.changes.count == 1 else {
                    throw StoredValueError(description: "a registry change must be the only change of its journal record")
                }
                entry.change = JournalEntry.Change(registryChange)
            case .selection(let selectionChange):
                entry.selectionChanges.append(CraftsmanProto.SelectionChange(selectionChange))
            }
        }
        return try entry.serializedBytes()
    }

    public static func decode(_ payload: ArraySlice<UInt8>) throws -> Change {
        let entry = try JournalEntry(serializedBytes: payload, limits: .ownChecksummedData)
        var changes: [Craftsman.Change] = []
        if let change = entry.change { changes.append(.registry(try change.domain())) }
        for change in entry.selectionChanges { changes.append(.selection(try change.domain())) }
        guard !changes.isEmpty else { throw StoredValueError(description: "the journal entry carries no change") }
        return Change(
            changes: changes, recordedAtUnixMilliseconds: entry.recordedAtUnixMs, actorAccountID: entry.actorAccountID,
            reason: entry.reason)
    }

    /// The snapshot is one `StoreSnapshot` message, written and read one record at a
    /// time: the encoding of a repeated field is the concatenation of its elements, so no single
    /// buffer of C structs for 100,000 teachers is ever built, and each element is decoded with
    /// the usual per-message limits.
    public func snapshotPayload() throws -> [[UInt8]] {
        var writer = SnapshotWriter()
        writer.varint(field: 1, DurableStore<CraftsmanState>.systemClock())
        writer.varint(field: 2, Int64(registry.schoolCount))
        writer.varint(field: 3, Int64(registry.teacherCount))
        writer.varint(field: 6, Int64(registry.teamCount))
        let selectionChanges = model.selection.rebuildingChanges
        writer.varint(field: 10, Int64(selectionChanges.count))
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
        // Teams and selection records are few (thousands): one part, after the teachers.
        var tail = SnapshotWriter()
        for team in registry.allTeams { tail.message(field: 7, try CraftsmanProto.Team(team).serializedBytes()) }
        for (prefix, number) in model.selection.lastNumbers.sorted(by: { $0.key < $1.key }) {
            tail.message(field: 9, try IdCounter(prefix: prefix, lastNumber: UInt64(number)).serializedBytes())
        }
        for change in selectionChanges { tail.message(field: 8, try CraftsmanProto.SelectionChange(change).serializedBytes()) }
        return [writer.bytes] + encoded + [tail.bytes]
    }

    /// A digest of every school, teacher, team and selection record as stored, `fnv1a64:` and 16 hex digits: equal states
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
        for change in model.selection.rebuildingChanges { mix(try CraftsmanProto.SelectionChange(change).serializedBytes()) }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public init(snapshotPayload payload: ArraySlice<UInt8>) throws {
        var reader = SnapshotReader(bytes: payload)
        var lastSchool: UInt64 = 0
        var lastTeacher: UInt64 = 0
        var lastTeam: UInt64 = 0
        var selectionCount: UInt64 = 0
        var encodedTeachers: [ArraySlice<UInt8>] = []
        var teams: [Craftsman.Team] = []
        var encodedSelection: [ArraySlice<UInt8>] = []
        var counters: [String: Int] = [:]
        while let field = try reader.next() {
            switch field {
            case .varint(1, _): break
            case .varint(2, let value): lastSchool = value
            case .varint(3, let value): lastTeacher = value
            case .bytes(4, let bytes):
                let school = try CraftsmanProto.School(serializedBytes: bytes, limits: .ownChecksummedData).domain
                try model.apply(.registry(.schoolCreated(school)))
            case .bytes(5, let bytes):
                encodedTeachers.append(bytes)
            case .varint(6, let value): lastTeam = value
            case .bytes(7, let bytes):
                teams.append(try CraftsmanProto.Team(serializedBytes: bytes, limits: .ownChecksummedData).domain())
            case .varint(10, let value): selectionCount = value
            case .bytes(8, let bytes):
                encodedSelection.append(bytes)
            case .bytes(9, let bytes):
                let counter = try IdCounter(serializedBytes: bytes, limits: .ownChecksummedData)
                counters[counter.prefix] = Int(clamping: counter.lastNumber)
            default:
                throw StoredValueError(description: "the snapshot has an unexpected field \(field)")
            }
        }
        // Decoding dominates loading; it runs on every core, and the (cheap, ordered) apply after.
        for part in try Self.decodeInParallel(encodedTeachers) {
            for teacher in part { try model.apply(.registry(.teacherCreated(teacher))) }
        }
        for team in teams { try model.apply(.registry(.teamCreated(team))) }
        for bytes in encodedSelection {
            try model.apply(
                .selection(try CraftsmanProto.SelectionChange(serializedBytes: bytes, limits: .ownChecksummedData).domain()))
        }
        try model.reserveSelectionIDs(counters)
        let declared = [lastSchool, lastTeacher, lastTeam, selectionCount, UInt64(Selection.idPrefixes.count)]
        let held = [registry.schoolCount, registry.teacherCount, registry.teamCount, encodedSelection.count, counters.count].map(
            UInt64.init)
        guard declared == held else {
            throw StoredValueError(
                description:
                    "the snapshot declares \(lastSchool) schools, \(lastTeacher) teachers, \(lastTeam) teams, \(selectionCount) selection records and \(declared[4]) id counters but holds \(held[0]), \(held[1]), \(held[2]), \(held[3]) and \(held[4])"
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

extension JournalEntry.Change {
    /// The journal's form of a registry change.
    init(_ change: RegistryChange) {
        switch change {
        case .schoolCreated(let school): self = .schoolCreated(CraftsmanProto.School(school))
        case .schoolUpdated(let school): self = .schoolUpdated(CraftsmanProto.School(school))
        case .teacherCreated(let teacher): self = .teacherCreated(StoredTeacher(teacher))
        case .teacherUpdated(let teacher): self = .teacherUpdated(StoredTeacher(teacher))
        case .teamCreated(let team): self = .teamCreated(CraftsmanProto.Team(team))
        case .teamUpdated(let team): self = .teamUpdated(CraftsmanProto.Team(team))
        }
    }

    /// The registry change a journal record holds.
    func domain() throws -> RegistryChange {
        switch self {
        case .schoolCreated(let school): .schoolCreated(school.domain)
        case .schoolUpdated(let school): .schoolUpdated(school.domain)
        case .teacherCreated(let teacher): .teacherCreated(try teacher.domain())
        case .teacherUpdated(let teacher): .teacherUpdated(try teacher.domain())
        case .teamCreated(let team): .teamCreated(try team.domain())
        case .teamUpdated(let team): .teamUpdated(try team.domain())
        }
    }
}

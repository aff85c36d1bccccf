import Craftsman
import CraftsmanProto

// TEMPORARY stand-ins for the mappings WireMapping+Program.swift provides (written in
// parallel), so this branch compiles before that work is merged. Delete this file at merge.

extension CraftsmanProto.RoundConfig {
    init(_ config: Craftsman.RoundConfig) { fatalError("stand-in: WireMapping+Program.swift provides this") }

    func storedDomain() throws -> Craftsman.RoundConfig { fatalError("stand-in: WireMapping+Program.swift provides this") }
}

extension CraftsmanProto.ProgramConfig {
    init(_ config: Craftsman.ProgramConfig) { fatalError("stand-in: WireMapping+Program.swift provides this") }

    func storedDomain() throws -> Craftsman.ProgramConfig { fatalError("stand-in: WireMapping+Program.swift provides this") }
}

extension CraftsmanProto.RankingEntry {
    init(_ entry: RankedEntry) { fatalError("stand-in: WireMapping+Program.swift provides this") }

    func storedDomain() throws -> RankedEntry { fatalError("stand-in: WireMapping+Program.swift provides this") }
}

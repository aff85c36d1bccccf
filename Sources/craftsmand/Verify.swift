import CraftsmanServer
import CraftsmanStore
import Foundation

/// `craftsmand verify`: reads the newest snapshot and every journal record after it, checking
/// checksums, sequences and that every record decodes and applies, without changing anything.
/// Prints a report; returns 0 when the directory is sound (a torn tail is reported: the server
/// would cut it at start), 1 when it is damaged.
func verifyDataDirectory(_ directory: String) -> Int32 {
    do {
        let (state, report) = try DurableStore<CraftsmanState>.verify(directory: directory)
        print("data directory \(directory): sound")
        print("  snapshot: \(report.snapshotFile ?? "none") (sequence \(report.snapshotSequence))")
        print("  journal segments read: \(report.segmentsRead.count), records replayed: \(report.recordsReplayed)")
        print("  last sequence: \(report.lastSequence)")
        print(
            "  schools: \(state.registry.schoolCount), teachers: \(state.registry.teacherCount), teams: \(state.registry.teamCount)"
        )
        print("  state digest: \(try state.digest())")
        if let torn = report.tornTail {
            print(
                "  warning: torn tail in \(torn.file) at offset \(torn.offset) (\(torn.reason)); the server cuts it back at start"
            )
        }
        if !report.leftovers.isEmpty {
            print("  leftovers the server removes at start: \(report.leftovers.joined(separator: ", "))")
        }
        return 0
    } catch {
        FileHandle.standardError.write(Data("craftsmand verify: data directory \(directory) is damaged: \(error)\n".utf8))
        return 1
    }
}

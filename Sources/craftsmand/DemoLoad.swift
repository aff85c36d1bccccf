import Craftsman
import CraftsmanDemo
import CraftsmanServer
import CraftsmanStore
import Dispatch
import Foundation
import Logging

/// What `craftsmand demo-load` generates.
struct DemoLoadOptions {
    var seed: UInt64 = 2024
    var schools = 40
    var teachers = 3000
}

/// `craftsmand demo-load`: writes ``DemoProgram`` into a new or empty data directory, each step
/// as one journal record carrying its simulated time, actor and reason, then takes a snapshot and
/// closes the store, so that the data is durable at exit. Prints a summary.
///
/// - Returns: 0 when loaded; 1 when the directory already holds data or anything failed.
func loadDemoProgram(into directory: String, _ options: DemoLoadOptions, logger: Logger) async -> Int32 {
    func refuse(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("craftsmand demo-load: \(message)\n".utf8))
        return 1
    }
    if let held = existingData(in: directory) {
        return refuse(
            "the data directory \(directory) already holds data (\(held)); demo-load writes only into a new or empty one")
    }
    guard options.teachers >= options.schools else {
        return refuse("--teachers \(options.teachers) is fewer than --schools \(options.schools); every school needs teachers")
    }
    let started = DispatchTime.now()
    func elapsed() -> String {
        let milliseconds = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        return "\(milliseconds / 1000).\(String(milliseconds % 1000 + 1000).dropFirst()) s"
    }
    let steps: [DemoProgram.Step]
    do {
        steps = try DemoProgram.steps(seed: options.seed, schools: options.schools, teachers: options.teachers)
    } catch {
        return refuse(
            "cannot generate the demo program (seed \(options.seed), \(options.schools) schools, \(options.teachers) teachers): \(error)"
        )
    }
    let generated = elapsed()
    var configuration = StoreConfiguration()
    // Nothing is acknowledged to anyone while loading: the snapshot at the end makes it durable.
    configuration.flushPolicy = .none
    configuration.snapshotIntervalSeconds = 0
    configuration.preallocatedSegmentBytes = 0  // one short run, ended by a snapshot
    let store: DurableStore<CraftsmanState>
    do {
        store = try DurableStore(directory: directory, configuration: configuration, logger: logger)
    } catch {
        return refuse("cannot open the data directory \(directory): \(error)")
    }
    defer { store.close() }
    do {
        for step in steps {
            try await store.write { _ in
                (
                    CraftsmanState.Change(
                        changes: step.changes, recordedAtUnixMilliseconds: step.recordedAtUnixMilliseconds,
                        actorAccountID: step.actorAccountID, reason: step.reason), ()
                )
            }
        }
        let snapshot = try await store.takeSnapshot()
        let state = store.copy()
        print("craftsmand demo-load: data directory \(directory)")
        print(
            "  seed \(options.seed): \(steps.count) journal records, snapshot \(snapshot.fileName) (\(snapshot.sizeBytes) bytes)")
        for line in summary(of: state.model) { print("  " + line) }
        print("  state digest: \(try state.digest())")
        print("  time: \(elapsed()) (generating \(generated))")
        return 0
    } catch {
        return refuse("loading into \(directory) failed: \(error)")
    }
}

/// What a data directory already holds, or nil when it is missing, empty, or holds no record.
private func existingData(in directory: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory), !names.isEmpty else { return nil }
    do {
        let (_, report) = try DurableStore<CraftsmanState>.verify(directory: directory)
        if report.lastSequence == 0 && report.snapshotFile == nil { return nil }
        return "journal sequence \(report.lastSequence), snapshot \(report.snapshotFile ?? "none")"
    } catch {
        return "files that are not a sound Craftsman data directory: \(error)"
    }
}

/// The summary lines of a model: registry, accounts, rounds, nominations per tier (TEAM too) and projects.
private func summary(of model: Model) -> [String] {
    let selection = model.selection
    var accountsByRole: [String: Int] = [:]
    for account in selection.allAccounts {
        let role =
            switch account.role {
            case .bureauAdministrator: "bureau"
            case .schoolOperator: "school operators"
            case .expert: "experts"
            case .integrationSystem: "integration"
            case .auditor: "auditors"
            }
        accountsByRole[role, default: 0] += 1
    }
    var lines = [
        "schools: \(model.registry.schoolCount), teachers: \(model.registry.teacherCount), teams: \(model.registry.teamCount)",
        "accounts: \(accountsByRole.values.reduce(0, +)) ("
            + accountsByRole.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ")",
        "program configuration: version \(selection.program.version), \(selection.program.config.holidays.count) holidays, \(selection.program.config.makeupWorkingDays.count) makeup working days",
    ]
    for round in selection.allRounds {
        lines.append("round \(round.id) \(round.year): \(round.state)")
        let nominations = selection.nominations(inRound: round.id)
        for tier in Tier.allCases {
            let ofTier = nominations.filter { $0.tier == tier }
            guard !ofTier.isEmpty else { continue }
            var byState: [NominationState: Int] = [:]
            for nomination in ofTier { byState[nomination.state, default: 0] += 1 }
            let states = NominationState.allCases.compactMap { state in byState[state].map { "\(state) \($0)" } }
            lines.append(
                "  \(tier) (quota \(round.config.quotas[tier] ?? 0)): \(ofTier.count) nominated: "
                    + states.joined(separator: ", "))
        }
        let assigned = selection.allAssignments.filter { $0.roundID == round.id }.reduce(0) { $0 + $1.nominationIDs.count }
        let scored = selection.allScores.filter { $0.roundID == round.id }.count
        let objections = selection.allObjections.filter { $0.roundID == round.id }.count
        let projects = selection.allProjects.filter { $0.roundID == round.id }.count
        lines.append("  objections: \(objections), expert scores: \(scored) of \(assigned) assigned, projects: \(projects)")
    }
    return lines
}

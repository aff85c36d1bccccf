import Craftsman
import CraftsmanProto

// The program and its rounds, cultivation projects, the dashboard, and the journal's record of
// every selection change. The configurations themselves are mapped in WireMapping+Program.swift.

/// The program configuration in force with its version, as `Selection.program` gives it.
typealias ProgramInForce = (
    config: Craftsman.ProgramConfig, version: Int64, updatedAtUnixMilliseconds: Int64, updatedByAccountID: String
)

extension CraftsmanProto.Program {
    init(_ program: ProgramInForce) {
        self.init(
            config: CraftsmanProto.ProgramConfig(program.config), version: program.version,
            updatedAtUnixMs: program.updatedAtUnixMilliseconds, updatedByAccountID: program.updatedByAccountID)
    }

    /// - Throws: `StoredValueError` naming the field when the value breaks a rule.
    func domain() throws -> ProgramInForce {
        (
            try required(config, "program.config").storedDomain(), version, updatedAtUnixMs, updatedByAccountID
        )
    }
}

extension CraftsmanProto.ProgramConfigVersion {
    init(_ version: Craftsman.ProgramConfigVersion) {
        self.init(
            version: version.version, config: CraftsmanProto.ProgramConfig(version.config),
            changedByAccountID: version.changedByAccountID, changedAtUnixMs: version.changedAtUnixMilliseconds,
            reason: version.reason)
    }

    /// The domain version a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.ProgramConfigVersion {
        Craftsman.ProgramConfigVersion(
            version: version, config: try required(config, "program configuration version \(version).config").storedDomain(),
            changedByAccountID: changedByAccountID, changedAtUnixMilliseconds: changedAtUnixMs, reason: reason)
    }
}

extension CraftsmanProto.Round {
    init(_ round: Craftsman.Round) {
        self.init()
        id = round.id
        year = round.year
        state = wire(round.state)
        config = CraftsmanProto.RoundConfig(round.config)
        configVersion = round.configVersion
        effectiveReferenceDate = CraftsmanProto.CivilDate(round.config.effectiveReferenceDate)
        stateChangedAtUnixMs = round.stateChangedAtUnixMilliseconds
        cancelReason = round.cancelReason
        createdAtUnixMs = round.createdAtUnixMilliseconds
        updatedAtUnixMs = round.updatedAtUnixMilliseconds
        revision = round.revision
    }

    /// The domain round a stored one holds; `effective_reference_date` is derived, not read.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.Round {
        let field = "round \(id)"
        let config = try required(config, field + ".config")
        return Craftsman.Round(
            id: id, year: year, state: try scale(state, field + ".state"), config: try config.storedDomain(),
            configVersion: configVersion, stateChangedAtUnixMilliseconds: stateChangedAtUnixMs, cancelReason: cancelReason,
            createdAtUnixMilliseconds: createdAtUnixMs, updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension CraftsmanProto.RoundConfigVersion {
    init(_ version: Craftsman.RoundConfigVersion) {
        self.init(
            roundID: version.roundID, version: version.version, config: CraftsmanProto.RoundConfig(version.config),
            changedByAccountID: version.changedByAccountID, changedAtUnixMs: version.changedAtUnixMilliseconds,
            reason: version.reason)
    }

    /// The domain version a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.RoundConfigVersion {
        let config = try required(config, "round \(roundID) configuration version \(version).config")
        return Craftsman.RoundConfigVersion(
            roundID: roundID, version: version, config: try config.storedDomain(), changedByAccountID: changedByAccountID,
            changedAtUnixMilliseconds: changedAtUnixMs, reason: reason)
    }
}

extension CraftsmanProto.CultivationProject.Subject: WireSubject {
    var domain: Craftsman.EligibilityResult.Subject {
        switch self {
        case .teacherID(let id): .teacher(id: id)
        case .teamID(let id): .team(id: id)
        }
    }
}

extension CraftsmanProto.CultivationProject {
    /// The project as far as selection made it: no plan versions yet (0), not ended.
    init(_ project: Craftsman.CultivationProject) {
        self.init()
        id = project.id
        roundID = project.roundID
        nominationID = project.nominationID
        tier = wire(project.tier)
        schoolID = project.schoolID
        subject = Subject(project.subject)
        state = wire(project.state)
        startsOn = CraftsmanProto.CivilDate(project.startsOn)
        cultivationYears = project.cultivationYears
        plannedEndOn = CraftsmanProto.CivilDate(project.plannedEndOn)
        approvedPlanVersion = 0
        latestPlanVersion = 0
        certificateID = project.certificateID
        createdAtUnixMs = project.createdAtUnixMilliseconds
        updatedAtUnixMs = project.updatedAtUnixMilliseconds
        revision = project.revision
    }

    /// The domain project a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.CultivationProject {
        let field = "project \(id)"
        return Craftsman.CultivationProject(
            id: id, roundID: roundID, nominationID: nominationID, tier: try scale(tier, field + ".tier"), schoolID: schoolID,
            subject: try subject.domain(field), state: try scale(state, field + ".state"),
            startsOn: try required(startsOn, field + ".starts_on").domain(field + ".starts_on"),
            cultivationYears: cultivationYears,
            plannedEndOn: try required(plannedEndOn, field + ".planned_end_on").domain(field + ".planned_end_on"),
            certificateID: certificateID, createdAtUnixMilliseconds: createdAtUnixMs, updatedAtUnixMilliseconds: updatedAtUnixMs,
            revision: revision)
    }
}

extension CraftsmanProto.DashboardCounts {
    init(_ counts: Craftsman.DashboardCounts) {
        self.init(
            nominated: Int32(clamping: counts.nominated), passedReview: Int32(clamping: counts.passedReview),
            selected: Int32(clamping: counts.selected), inCultivation: Int32(clamping: counts.inCultivation),
            eliminated: Int32(clamping: counts.eliminated), disqualified: Int32(clamping: counts.disqualified),
            certified: Int32(clamping: counts.certified))
    }
}

extension CraftsmanProto.DashboardRow {
    /// The row as the API shows it: an empty round id and year 0 for all rounds, an empty
    /// school id for all schools.
    init(_ row: Craftsman.DashboardRow) {
        self.init(
            tier: wire(row.tier), roundID: row.round?.id ?? "", roundYear: row.round?.year ?? 0, schoolID: row.schoolID ?? "",
            counts: CraftsmanProto.DashboardCounts(row.counts), programTarget: row.programTarget, roundQuota: row.roundQuota)
    }
}

extension CraftsmanProto.SelectionChange {
    init(_ change: Craftsman.SelectionChange) {
        self.init()
        self.change =
            switch change {
            case .programConfigured(let version): .programConfigured(CraftsmanProto.ProgramConfigVersion(version))
            case .roundPut(let round): .roundPut(CraftsmanProto.Round(round))
            case .roundConfigVersionAdded(let version): .roundConfigVersionAdded(CraftsmanProto.RoundConfigVersion(version))
            case .nominationPut(let nomination): .nominationPut(CraftsmanProto.Nomination(nomination))
            case .objectionPut(let objection): .objectionPut(CraftsmanProto.Objection(objection))
            case .assignmentPut(let assignment): .assignmentPut(CraftsmanProto.ExpertAssignment(assignment))
            case .assignmentRevoked(let id): .assignmentRevoked(id)
            case .scorePut(let score): .scorePut(CraftsmanProto.ExpertScore(score))
            case .provisionalListPut(let list): .provisionalListPut(StoredProvisionalList(list))
            case .projectPut(let project): .projectPut(CraftsmanProto.CultivationProject(project))
            case .accountPut(let account): .accountPut(CraftsmanProto.Account(account))
            }
    }

    /// The domain change a stored one records.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.SelectionChange {
        switch try required(change, "a stored selection change: change") {
        case .programConfigured(let version): .programConfigured(try version.domain())
        case .roundPut(let round): .roundPut(try round.domain())
        case .roundConfigVersionAdded(let version): .roundConfigVersionAdded(try version.domain())
        case .nominationPut(let nomination): .nominationPut(try nomination.domain())
        case .objectionPut(let objection): .objectionPut(try objection.domain())
        case .assignmentPut(let assignment): .assignmentPut(try assignment.domain())
        case .assignmentRevoked(let id): .assignmentRevoked(id: id)
        case .scorePut(let score): .scorePut(try score.domain())
        case .provisionalListPut(let list): .provisionalListPut(try list.domain())
        case .projectPut(let project): .projectPut(try project.domain())
        case .accountPut(let account): .accountPut(try account.domain())
        }
    }
}

import Craftsman
import CraftsmanProto

// Nominations and what they carry: eligibility results, waivers, documents, publicity periods,
// qualification reviews, and the objections raised against them.

/// The sub-message a stored value requires, or a `StoredValueError` naming the field.
func required<Message>(_ message: Message?, _ field: String) throws -> Message {
    guard let message else { throw StoredValueError(description: "\(field): missing") }
    return message
}

/// The `subject` oneof of the wire messages about a teacher or a team.
protocol WireSubject {
    static func teacherID(_ id: String) -> Self
    static func teamID(_ id: String) -> Self
    /// The domain subject this one names.
    var domain: Craftsman.EligibilityResult.Subject { get }
}

extension WireSubject {
    init(_ subject: Craftsman.EligibilityResult.Subject) {
        switch subject {
        case .teacher(let id): self = .teacherID(id)
        case .team(let id): self = .teamID(id)
        }
    }
}

extension Optional where Wrapped: WireSubject {
    /// The domain subject, or a `StoredValueError` naming `field` when neither id is set.
    func domain(_ field: String) throws -> Craftsman.EligibilityResult.Subject {
        guard let self else { throw StoredValueError(description: "\(field).subject: neither teacher_id nor team_id is set") }
        return self.domain
    }
}

extension CraftsmanProto.EligibilityResult.Subject: WireSubject {
    var domain: Craftsman.EligibilityResult.Subject {
        switch self {
        case .teacherID(let id): .teacher(id: id)
        case .teamID(let id): .team(id: id)
        }
    }
}

extension CraftsmanProto.Nomination.Subject: WireSubject {
    var domain: Craftsman.EligibilityResult.Subject {
        switch self {
        case .teacherID(let id): .teacher(id: id)
        case .teamID(let id): .team(id: id)
        }
    }
}

extension CraftsmanProto.DocumentRef {
    init(_ document: Craftsman.DocumentRef) {
        self.init(title: document.title, uri: document.uri, sha256Hex: document.sha256Hex, sizeBytes: document.sizeBytes)
    }

    /// The document as the domain holds it; whether it is acceptable is the domain's rule, so
    /// this serves input and stored values alike.
    var domainInput: Craftsman.DocumentRef {
        Craftsman.DocumentRef(title: title, uri: uri, sha256Hex: sha256Hex, sizeBytes: sizeBytes)
    }
}

extension CraftsmanProto.EligibilityFigure {
    init(_ figure: Craftsman.EligibilityFigure) {
        self.init(name: figure.name, text: figure.text, unit: figure.unit, number: figure.number)
    }

    /// - Throws: `StoredValueError` for a number that is not finite.
    func domain(_ field: String) throws -> Craftsman.EligibilityFigure {
        Craftsman.EligibilityFigure(name: name, number: try finite(number, "\(field).\(name)"), text: text, unit: unit)
    }
}

extension CraftsmanProto.EligibilityLine {
    init(_ line: Craftsman.EligibilityLine) {
        self.init()
        criterion = wire(line.criterion)
        status = wire(line.status)
        waivable = line.waivable
        rule = line.rule
        planClause = line.planClause
        figures = line.figures.map(CraftsmanProto.EligibilityFigure.init)
        evidenceIDs = line.evidenceIDs
        memberTeacherID = line.memberTeacherID
        memberName = line.memberName
        waiverID = line.waiverID
        waiverState = line.waiverState.map { wire($0) }
        waiverJustification = line.waiverJustification
        explanation = line.explanation
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "eligibility line") throws -> Craftsman.EligibilityLine {
        Craftsman.EligibilityLine(
            criterion: try scale(criterion, field + ".criterion"), status: try scale(status, field + ".status"),
            waivable: waivable, rule: rule, planClause: planClause,
            figures: try figures.map { try $0.domain(field + ".figures") }, evidenceIDs: evidenceIDs,
            memberTeacherID: memberTeacherID, memberName: memberName, waiverID: waiverID,
            waiverState: try waiverState.map { try scale($0, field + ".waiver_state") },
            waiverJustification: waiverJustification, explanation: explanation)
    }
}

extension CraftsmanProto.EligibilityResult {
    init(_ result: Craftsman.EligibilityResult) {
        self.init()
        tier = wire(result.tier)
        subject = Subject(result.subject)
        roundID = result.roundID
        referenceDate = CraftsmanProto.CivilDate(result.referenceDate)
        roundConfigVersion = result.roundConfigVersion
        subjectRevision = result.subjectRevision
        checkedAtUnixMs = result.checkedAtUnixMilliseconds
        lines = result.lines.map(CraftsmanProto.EligibilityLine.init)
        hardCriteriaSatisfied = result.hardCriteriaSatisfied
    }

    /// The result as stored; `hard_criteria_satisfied` is derived from the lines, not read.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "eligibility result") throws -> Craftsman.EligibilityResult {
        Craftsman.EligibilityResult(
            tier: try scale(tier, field + ".tier"), subject: try subject.domain(field), roundID: roundID,
            referenceDate: try required(referenceDate, field + ".reference_date").domain(field + ".reference_date"),
            roundConfigVersion: roundConfigVersion, subjectRevision: subjectRevision,
            checkedAtUnixMilliseconds: checkedAtUnixMs, lines: try lines.map { try $0.domain(field + ".lines") })
    }
}

extension CraftsmanProto.Waiver {
    init(_ waiver: Craftsman.Waiver) {
        self.init()
        id = waiver.id
        criterion = wire(waiver.criterion)
        justification = waiver.justification
        schoolAttestation = CraftsmanProto.Attestation(waiver.schoolAttestation)
        state = wire(waiver.state)
        requestedByAccountID = waiver.requestedByAccountID
        requestedAtUnixMs = waiver.requestedAtUnixMilliseconds
        decisionReason = waiver.decisionReason
        decidedByAccountID = waiver.decidedByAccountID
        decidedAtUnixMs = waiver.decidedAtUnixMilliseconds
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "waiver") throws -> Craftsman.Waiver {
        let field = "\(field) \(id)"
        return Craftsman.Waiver(
            id: id, criterion: try scale(criterion, field + ".criterion"), justification: justification,
            schoolAttestation: try required(schoolAttestation, field + ".school_attestation").domain,
            state: try scale(state, field + ".state"), requestedByAccountID: requestedByAccountID,
            requestedAtUnixMilliseconds: requestedAtUnixMs, decisionReason: decisionReason,
            decidedByAccountID: decidedByAccountID, decidedAtUnixMilliseconds: decidedAtUnixMs)
    }
}

extension WaiverInput {
    /// The input as a draft for the domain's validation: the criterion's raw number, and the
    /// attestation without who and when (the server sets those).
    var draft: WaiverDraft {
        WaiverDraft(
            criterion: criterion.rawValue, justification: justification,
            schoolAttestation: schoolAttestation.map {
                Craftsman.Attestation(
                    attested: $0.attested, statement: $0.statement, attestedByAccountID: "", attestedAtUnixMilliseconds: 0)
            })
    }
}

extension CraftsmanProto.PublicityPeriod {
    init(_ period: Craftsman.PublicityPeriod) {
        self.init()
        kind = wire(period.kind)
        startsOn = CraftsmanProto.CivilDate(period.startsOn)
        workingDays = period.workingDays
        endsOn = CraftsmanProto.CivilDate(period.endsOn)
        wherePublished = period.wherePublished
        recordedByAccountID = period.recordedByAccountID
        recordedAtUnixMs = period.recordedAtUnixMilliseconds
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "publicity period") throws -> Craftsman.PublicityPeriod {
        Craftsman.PublicityPeriod(
            kind: try scale(kind, field + ".kind"),
            startsOn: try required(startsOn, field + ".starts_on").domain(field + ".starts_on"), workingDays: workingDays,
            endsOn: try required(endsOn, field + ".ends_on").domain(field + ".ends_on"), wherePublished: wherePublished,
            recordedByAccountID: recordedByAccountID, recordedAtUnixMilliseconds: recordedAtUnixMs)
    }
}

extension CraftsmanProto.QualificationReview {
    init(_ review: Craftsman.QualificationReview) {
        self.init(
            outcome: wire(review.outcome), failureReasons: review.failureReasons, comment: review.comment,
            reviewedByAccountID: review.reviewedByAccountID, reviewedAtUnixMs: review.reviewedAtUnixMilliseconds)
    }

    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain(_ field: String = "qualification review") throws -> Craftsman.QualificationReview {
        Craftsman.QualificationReview(
            outcome: try scale(outcome, field + ".outcome"), failureReasons: failureReasons, comment: comment,
            reviewedByAccountID: reviewedByAccountID, reviewedAtUnixMilliseconds: reviewedAtUnixMs)
    }
}

extension CraftsmanProto.Nomination {
    init(_ nomination: Craftsman.Nomination) {
        self.init()
        id = nomination.id
        roundID = nomination.roundID
        schoolID = nomination.schoolID
        tier = wire(nomination.tier)
        subject = Subject(nomination.subject)
        state = wire(nomination.state)
        eligibility = CraftsmanProto.EligibilityResult(nomination.eligibility)
        waivers = nomination.waivers.map(CraftsmanProto.Waiver.init)
        materials = nomination.materials.map(CraftsmanProto.DocumentRef.init)
        schoolRecommendation = nomination.schoolRecommendation
        schoolPublicity = nomination.schoolPublicity.map(CraftsmanProto.PublicityPeriod.init)
        submittedAtUnixMs = nomination.submittedAtUnixMilliseconds
        qualificationReview = nomination.qualificationReview.map(CraftsmanProto.QualificationReview.init)
        endReason = nomination.endReason
        projectID = nomination.projectID
        nominatedByAccountID = nomination.nominatedByAccountID
        createdAtUnixMs = nomination.createdAtUnixMilliseconds
        updatedAtUnixMs = nomination.updatedAtUnixMilliseconds
        revision = nomination.revision
    }

    /// The domain nomination a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.Nomination {
        let field = "nomination \(id)"
        return Craftsman.Nomination(
            id: id, roundID: roundID, schoolID: schoolID, tier: try scale(tier, field + ".tier"),
            subject: try subject.domain(field), state: try scale(state, field + ".state"),
            eligibility: try required(eligibility, field + ".eligibility").domain(field + ".eligibility"),
            waivers: try waivers.map { try $0.domain(field + ".waivers") }, materials: materials.map(\.domainInput),
            schoolRecommendation: schoolRecommendation,
            schoolPublicity: try schoolPublicity.map { try $0.domain(field + ".school_publicity") },
            submittedAtUnixMilliseconds: submittedAtUnixMs,
            qualificationReview: try qualificationReview.map { try $0.domain(field + ".qualification_review") },
            endReason: endReason, projectID: projectID, nominatedByAccountID: nominatedByAccountID,
            createdAtUnixMilliseconds: createdAtUnixMs, updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

extension CraftsmanProto.Objection {
    init(_ objection: Craftsman.Objection) {
        self.init()
        id = objection.id
        roundID = objection.roundID
        nominationID = objection.nominationID
        schoolID = objection.schoolID
        stage = wire(objection.stage)
        receivedOn = CraftsmanProto.CivilDate(objection.receivedOn)
        objector = objection.objector
        grounds = objection.grounds
        evidence = objection.evidence.map(CraftsmanProto.DocumentRef.init)
        state = wire(objection.state)
        resolutionReason = objection.resolutionReason
        resolvedByAccountID = objection.resolvedByAccountID
        resolvedAtUnixMs = objection.resolvedAtUnixMilliseconds
        recordedByAccountID = objection.recordedByAccountID
        createdAtUnixMs = objection.createdAtUnixMilliseconds
        updatedAtUnixMs = objection.updatedAtUnixMilliseconds
        revision = objection.revision
    }

    /// The domain objection a stored one holds.
    ///
    /// - Throws: `StoredValueError` naming the field when the stored value breaks a rule.
    func domain() throws -> Craftsman.Objection {
        let field = "objection \(id)"
        return Craftsman.Objection(
            id: id, roundID: roundID, nominationID: nominationID, schoolID: schoolID,
            stage: try scale(stage, field + ".stage"),
            receivedOn: try required(receivedOn, field + ".received_on").domain(field + ".received_on"),
            objector: objector, grounds: grounds, evidence: evidence.map(\.domainInput),
            state: try scale(state, field + ".state"), resolutionReason: resolutionReason,
            resolvedByAccountID: resolvedByAccountID, resolvedAtUnixMilliseconds: resolvedAtUnixMs,
            recordedByAccountID: recordedByAccountID, createdAtUnixMilliseconds: createdAtUnixMs,
            updatedAtUnixMilliseconds: updatedAtUnixMs, revision: revision)
    }
}

import Craftsman
import CraftsmanProto
import CraftsmanRPC

extension CraftsmanServices {
    func registerSelection(in router: inout Router) {
        registerNominations(in: &router)
        registerReview(in: &router)
        registerEvaluation(in: &router)
        registerProvisionalList(in: &router)
    }

    /// Whether `actor` may see `nomination`: a school operator their school's, an expert the
    /// nominees assigned to them, the other roles everything.
    static func visible(_ nomination: Craftsman.Nomination, to actor: Actor, in model: Model) -> Bool {
        switch actor.role {
        case .schoolOperator(let schoolID): nomination.schoolID == schoolID
        case .expert:
            model.selection.allAssignments.contains {
                $0.expertAccountID == actor.accountID && $0.nominationIDs.contains(nomination.id)
            }
        case .bureauAdministrator, .integrationSystem, .auditor: true
        }
    }

    /// The nomination `id` as `actor` may see it, or NOT_FOUND (another school's nominations
    /// are not revealed to exist).
    func visibleNomination(_ id: String, actor: Actor) throws(RPCError) -> Craftsman.Nomination {
        try read { model throws(DomainError) in
            let nomination = try model.existingNomination(id)
            guard Self.visible(nomination, to: actor, in: model) else {
                throw DomainError(.notFound, "nomination_id: no nomination \(id)")
            }
            return nomination
        }
    }

    static func nominationFilter(_ filter: NominationFilter, actor: Actor, model: Model) -> (Craftsman.Nomination) -> Bool {
        let tiers = Set(filter.tiers.map(\.rawValue))
        let states = Set(filter.states.map(\.rawValue))
        return { nomination in
            (filter.roundID.isEmpty || nomination.roundID == filter.roundID)
                && (filter.schoolID.isEmpty || nomination.schoolID == filter.schoolID)
                && (tiers.isEmpty || tiers.contains(nomination.tier.rawValue))
                && (states.isEmpty || states.contains(nomination.state.rawValue))
                && (filter.teacherID.isEmpty || nomination.teacherID == filter.teacherID)
                && (filter.teamID.isEmpty || nomination.teamID == filter.teamID)
                && visible(nomination, to: actor, in: model)
        }
    }

    private func registerNominations(in router: inout Router) {
        router.register(
            SelectionService.CheckEligibility.self,
            inline: { request, context in
                let actor = try actor(context)
                let now = clock()
                let result = try read { model throws(DomainError) in
                    try model.checkEligibility(
                        roundID: request.roundID, tier: try requiredValue(request.tier, "tier"),
                        subject: try requiredSubject(request.subject),
                        actor: actor, now: now)
                }
                return CheckEligibilityResponse(result: CraftsmanProto.EligibilityResult(result))
            })
        router.register(
            SelectionService.CreateNomination.self,
            unary: { request, context in
                let actor = try actor(context)
                let tier: Craftsman.Tier = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredValue(request.tier, "tier")
                }
                let subject = try ErrorMapping.mapping { () throws(DomainError) in try requiredSubject(request.subject) }
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planCreateNomination(
                        roundID: request.roundID, tier: tier, subject: subject, materials: request.materials.map(\.domainInput),
                        schoolRecommendation: request.schoolRecommendation, waivers: request.waivers.map(\.draft), actor: actor,
                        now: now)
                }
                return CreateNominationResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.UpdateNomination.self,
            unary: { request, context in
                let actor = try actor(context)
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planUpdateNomination(
                        id: request.nominationID, expectedRevision: request.expectedRevision,
                        materials: request.materials.map(\.domainInput),
                        schoolRecommendation: request.schoolRecommendation, actor: actor, now: now)
                }
                return UpdateNominationResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.GetNomination.self,
            inline: { request, context in
                GetNominationResponse(
                    nomination: CraftsmanProto.Nomination(try visibleNomination(request.nominationID, actor: try actor(context))))
            })
        router.register(
            SelectionService.ListNominations.self,
            inline: { request, context in
                let actor = try actor(context)
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let model = store.read { $0.model }
                let page = model.selection.nominations(
                    after: cursor, limit: size,
                    where: Self.nominationFilter(request.filter ?? .init(), actor: actor, model: model))
                return ListNominationsResponse(
                    nominations: page.rows.map(CraftsmanProto.Nomination.init), nextPageToken: Paging.token(page.next))
            })
        router.register(
            SelectionService.StreamNominations.self,
            serverStreaming: { request, context, writer in
                let actor = try actor(context)
                let model = store.read { $0.model }
                let matches = Self.nominationFilter(request.filter ?? .init(), actor: actor, model: model)
                for nomination in model.selection.allNominations where matches(nomination) {
                    try await writer.write(CraftsmanProto.Nomination(nomination))
                }
            })
        router.register(
            SelectionService.RecheckEligibility.self,
            unary: { request, context in
                let actor = try actor(context)
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planRecheckEligibility(id: request.nominationID, actor: actor, now: now)
                }
                return RecheckEligibilityResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.WithdrawNomination.self,
            unary: { request, context in
                let actor = try actor(context)
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planWithdrawNomination(
                        id: request.nominationID, expectedRevision: request.expectedRevision, reason: request.reason,
                        actor: actor, now: now)
                }
                return WithdrawNominationResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.RecordSchoolPublicity.self,
            unary: { request, context in
                let actor = try actor(context)
                let startsOn = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredDate(request.startsOn, "starts_on")
                }
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planRecordSchoolPublicity(
                        id: request.nominationID, startsOn: startsOn, wherePublished: request.wherePublished, actor: actor,
                        now: now)
                }
                return RecordSchoolPublicityResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.SubmitNomination.self,
            unary: { request, context in
                let actor = try actor(context)
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planSubmitNomination(
                        id: request.nominationID, expectedRevision: request.expectedRevision, actor: actor, now: now)
                }
                return SubmitNominationResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.RequestWaiver.self,
            unary: { request, context in
                let actor = try actor(context)
                let draft = (request.waiver ?? WaiverInput()).draft
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planRequestWaiver(id: request.nominationID, draft, actor: actor, now: now)
                }
                return RequestWaiverResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.WithdrawWaiver.self,
            unary: { request, context in
                let actor = try actor(context)
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planWithdrawWaiver(id: request.nominationID, waiverID: request.waiverID, actor: actor, now: now)
                }
                return WithdrawWaiverResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
    }

    private func registerReview(in router: inout Router) {
        router.register(
            SelectionService.DecideWaiver.self,
            unary: { request, context in
                let actor = try actor(context)
                let approve = try ErrorMapping.mapping { () throws(DomainError) -> Bool in
                    switch request.decision {
                    case .approve: return true
                    case .refuse: return false
                    default:
                        throw DomainError.invalid([
                            .init(field: "decision", value: request.decision.protoName, rule: "must be APPROVE or REFUSE")
                        ])
                    }
                }
                let nomination = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planDecideWaiver(
                        id: request.nominationID, waiverID: request.waiverID, approve: approve, reason: request.reason,
                        actor: actor, now: now)
                }
                return DecideWaiverResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.ReviewQualification.self,
            unary: { request, context in
                let actor = try actor(context)
                let outcome: Craftsman.QualificationOutcome = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredValue(request.outcome, "outcome")
                }
                let nomination = try await change(as: actor, reason: request.comment) { model, now throws(DomainError) in
                    try model.planReviewQualification(
                        id: request.nominationID, passed: outcome == .passed, failureReasons: request.failureReasons,
                        comment: request.comment,
                        actor: actor, now: now)
                }
                return ReviewQualificationResponse(nomination: CraftsmanProto.Nomination(nomination))
            })
        router.register(
            SelectionService.RecordObjection.self,
            unary: { request, context in
                let actor = try actor(context)
                let receivedOn = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredDate(request.receivedOn, "received_on")
                }
                let objection = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planRecordObjection(
                        nominationID: request.nominationID, receivedOn: receivedOn, objector: request.objector,
                        grounds: request.grounds,
                        evidence: request.evidence.map(\.domainInput), actor: actor, now: now)
                }
                return RecordObjectionResponse(objection: CraftsmanProto.Objection(objection))
            })
        router.register(
            SelectionService.ResolveObjection.self,
            unary: { request, context in
                let actor = try actor(context)
                let uphold = try ErrorMapping.mapping { () throws(DomainError) -> Bool in
                    switch request.resolution {
                    case .uphold: return true
                    case .dismiss: return false
                    default:
                        throw DomainError.invalid([
                            .init(field: "resolution", value: request.resolution.protoName, rule: "must be UPHOLD or DISMISS")
                        ])
                    }
                }
                let result = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planResolveObjection(
                        id: request.objectionID, uphold: uphold, reason: request.reason, actor: actor, now: now)
                }
                return ResolveObjectionResponse(
                    objection: CraftsmanProto.Objection(result.objection),
                    nomination: CraftsmanProto.Nomination(result.nomination))
            })
        router.register(
            SelectionService.ListObjections.self,
            inline: { request, context in
                let actor = try actor(context)
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let states = Set(request.states.map(\.rawValue))
                let stages = Set(request.stages.map(\.rawValue))
                let model = store.read { $0.model }
                let page = model.selection.objections(after: cursor, limit: size) { objection in
                    (request.roundID.isEmpty || objection.roundID == request.roundID)
                        && (request.nominationID.isEmpty || objection.nominationID == request.nominationID)
                        && (request.schoolID.isEmpty || objection.schoolID == request.schoolID)
                        && (states.isEmpty || states.contains(objection.state.rawValue))
                        && (stages.isEmpty || stages.contains(objection.stage.rawValue))
                        && (actor.schoolScope.map { $0 == objection.schoolID } ?? true)
                        && ({ if case .expert = actor.role { false } else { true } }())
                }
                return ListObjectionsResponse(
                    objections: page.rows.map(CraftsmanProto.Objection.init), nextPageToken: Paging.token(page.next))
            })
    }

    private func registerEvaluation(in router: inout Router) {
        router.register(
            SelectionService.StartEvaluation.self,
            unary: { request, context in
                let actor = try actor(context)
                let round = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planStartEvaluation(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, actor: actor, now: now)
                }
                return StartEvaluationResponse(round: CraftsmanProto.Round(round))
            })
        router.register(
            SelectionService.AssignExpert.self,
            unary: { request, context in
                let actor = try actor(context)
                let kind: Craftsman.ExpertAssignmentKind = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredValue(request.kind, "kind")
                }
                let tier: Craftsman.Tier = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredValue(request.tier, "tier")
                }
                let assignment = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planAssignExpert(
                        expertAccountID: request.expertAccountID, kind: kind, roundID: request.roundID, tier: tier,
                        nominationIDs: request.nominationIDs, actor: actor, now: now)
                }
                return AssignExpertResponse(assignment: CraftsmanProto.ExpertAssignment(assignment))
            })
        router.register(
            SelectionService.RevokeExpertAssignment.self,
            unary: { request, context in
                let actor = try actor(context)
                let id = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planRevokeExpertAssignment(id: request.assignmentID, reason: request.reason, actor: actor, now: now)
                }
                return RevokeExpertAssignmentResponse(assignmentID: id)
            })
        router.register(
            SelectionService.ListExpertAssignments.self,
            inline: { request, context in
                let actor = try actor(context)
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let kinds = Set(request.kinds.map(\.rawValue))
                let tiers = Set(request.tiers.map(\.rawValue))
                let page = store.read { state in
                    state.selection.assignments(after: cursor, limit: size) { assignment in
                        (request.expertAccountID.isEmpty || assignment.expertAccountID == request.expertAccountID)
                            && (request.roundID.isEmpty || assignment.roundID == request.roundID)
                            && (kinds.isEmpty || kinds.contains(assignment.kind.rawValue))
                            && (tiers.isEmpty || tiers.contains(assignment.tier.rawValue))
                            && Self.mayReadExpertWork(of: assignment.expertAccountID, actor: actor)
                    }
                }
                return ListExpertAssignmentsResponse(
                    assignments: page.rows.map(CraftsmanProto.ExpertAssignment.init), nextPageToken: Paging.token(page.next))
            })
        router.register(
            SelectionService.SubmitScore.self,
            unary: { request, context in
                let actor = try actor(context)
                let scores = request.itemScores.map { ItemScore(itemCode: $0.itemCode, score: $0.score) }
                let score = try await change(as: actor) { model, now throws(DomainError) in
                    try model.planSubmitScore(
                        nominationID: request.nominationID, itemScores: scores, comment: request.comment,
                        expectedRevision: request.expectedRevision, actor: actor, now: now)
                }
                return SubmitScoreResponse(score: CraftsmanProto.ExpertScore(score))
            })
        router.register(
            SelectionService.ListScores.self,
            inline: { request, context in
                let actor = try actor(context)
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let page = store.read { state in
                    state.selection.scores(after: cursor, limit: size) { score in
                        (request.roundID.isEmpty || score.roundID == request.roundID)
                            && (request.nominationID.isEmpty || score.nominationID == request.nominationID)
                            && (request.expertAccountID.isEmpty || score.expertAccountID == request.expertAccountID)
                            && Self.mayReadExpertWork(of: score.expertAccountID, actor: actor)
                    }
                }
                return ListScoresResponse(
                    scores: page.rows.map(CraftsmanProto.ExpertScore.init), nextPageToken: Paging.token(page.next))
            })
        router.register(
            SelectionService.GetRanking.self,
            inline: { request, context in
                let actor = try actor(context)
                guard actor.isBureau || actor.role == .auditor else {
                    throw RPCError(.permissionDenied, "only the bureau administrator and auditors may read rankings")
                }
                let now = clock()
                let model = store.read { $0.model }
                let ranking = try ErrorMapping.mapping { () throws(DomainError) -> CraftsmanProto.Ranking in
                    let tier: Craftsman.Tier = try requiredValue(request.tier, "tier")
                    let frozen = try model.ranking(roundID: request.roundID, tier: tier, now: now)
                    var ranking = CraftsmanProto.Ranking(frozen, roundID: request.roundID)
                    ranking.quota = try model.existingRound(request.roundID).config.quotas[tier] ?? 0
                    ranking.frozen = model.selection.provisionalList(roundID: request.roundID) != nil
                    return ranking
                }
                return GetRankingResponse(ranking: ranking)
            })
    }

    /// Expert work (assignments, scores) is for the bureau and auditors, and for the expert
    /// who did it.
    static func mayReadExpertWork(of expertAccountID: String, actor: Actor) -> Bool {
        switch actor.role {
        case .bureauAdministrator, .auditor: true
        case .expert: expertAccountID == actor.accountID
        case .schoolOperator, .integrationSystem: false
        }
    }

    private func registerProvisionalList(in router: inout Router) {
        router.register(
            SelectionService.DraftProvisionalList.self,
            unary: { request, context in
                let actor = try actor(context)
                let result = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planDraftProvisionalList(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, actor: actor, now: now)
                }
                return DraftProvisionalListResponse(
                    provisionalList: CraftsmanProto.ProvisionalList(result.list), round: CraftsmanProto.Round(result.round))
            })
        router.register(
            SelectionService.GetProvisionalList.self,
            inline: { request, context in
                let actor = try actor(context)
                let list = try read { model throws(DomainError) in
                    _ = try model.existingRound(request.roundID)
                    guard let list = model.selection.provisionalList(roundID: request.roundID) else {
                        throw DomainError(.notFound, "round \(request.roundID) has no provisional list yet")
                    }
                    return list
                }
                var shown = list
                if let school = actor.schoolScope { shown.entries.removeAll { $0.schoolID != school } }
                return GetProvisionalListResponse(provisionalList: CraftsmanProto.ProvisionalList(shown))
            })
        router.register(
            SelectionService.PublishPublicNotice.self,
            unary: { request, context in
                let actor = try actor(context)
                let startsOn = try ErrorMapping.mapping { () throws(DomainError) in
                    try requiredDate(request.startsOn, "starts_on")
                }
                let result = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planPublishPublicNotice(
                        roundID: request.roundID, title: request.title, startsOn: startsOn,
                        wherePublished: request.wherePublished,
                        actor: actor, now: now)
                }
                return PublishPublicNoticeResponse(
                    provisionalList: CraftsmanProto.ProvisionalList(result.list), round: CraftsmanProto.Round(result.round))
            })
        router.register(
            SelectionService.PromoteNext.self,
            unary: { request, context in
                let actor = try actor(context)
                let result = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planPromoteNext(
                        roundID: request.roundID, removedNominationID: request.removedNominationID, reason: request.reason,
                        actor: actor,
                        now: now)
                }
                return PromoteNextResponse(
                    provisionalList: CraftsmanProto.ProvisionalList(result.list),
                    promoted: CraftsmanProto.Nomination(result.promoted))
            })
        router.register(
            SelectionService.ConfirmSelection.self,
            unary: { request, context in
                let actor = try actor(context)
                let result = try await change(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.planConfirmSelection(
                        roundID: request.roundID, expectedRevision: request.expectedRevision, actor: actor, now: now)
                }
                return ConfirmSelectionResponse(round: CraftsmanProto.Round(result.round), projectIDs: result.projectIDs)
            })
    }
}

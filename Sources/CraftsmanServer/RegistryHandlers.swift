import Craftsman
import CraftsmanProto
import CraftsmanRPC

extension CraftsmanServices {
    func registerRegistry(in router: inout Router) {
        router.register(
            RegistryService.CreateSchool.self,
            unary: { request, context in
                let actor = try actor(context)
                let school = try await changeRegistry(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.requireBureau(actor, to: "register schools")
                    let change = try model.registry.planCreateSchool((request.school ?? SchoolInput()).draft, now: now)
                    guard case .schoolCreated(let school) = change else {
                        preconditionFailure("planCreateSchool returned \(change)")
                    }
                    return (change, school)
                }
                return CreateSchoolResponse(school: CraftsmanProto.School(school))
            })
        router.register(
            RegistryService.UpdateSchool.self,
            unary: { request, context in
                let actor = try actor(context)
                let school = try await changeRegistry(as: actor, reason: request.reason) { model, now throws(DomainError) in
                    try model.requireBureau(actor, to: "change schools")
                    let change = try model.registry.planUpdateSchool(
                        id: request.schoolID, expectedRevision: request.expectedRevision, (request.school ?? SchoolInput()).draft,
                        now: now)
                    guard case .schoolUpdated(let school) = change else {
                        preconditionFailure("planUpdateSchool returned \(change)")
                    }
                    return (change, school)
                }
                return UpdateSchoolResponse(school: CraftsmanProto.School(school))
            })
        router.register(
            RegistryService.GetSchool.self,
            inline: { request, _ in
                guard let school = store.read({ $0.registry.school(id: request.schoolID) }) else {
                    throw RPCError(.notFound, "school_id: no school \(request.schoolID)")
                }
                return GetSchoolResponse(school: CraftsmanProto.School(school))
            })
        router.register(
            RegistryService.ListSchools.self,
            inline: { request, _ in
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let page = store.read { state in
                    state.registry.schools(after: cursor, limit: size) { school in
                        (request.district.isEmpty || school.district == request.district)
                            && (request.nameContains.isEmpty || school.name.contains(request.nameContains))
                    }
                }
                return ListSchoolsResponse(
                    schools: page.rows.map(CraftsmanProto.School.init), nextPageToken: Paging.token(page.next))
            })
        // Teacher writes answer from the journal's acknowledgement, without a task per call:
        // they are the registry's most frequent writes (bulk registration, the load benchmark).
        router.register(
            RegistryService.CreateTeacher.self,
            completing: { request, context, responder in
                let actor = try actor(context)
                let draft = (request.teacher ?? TeacherInput()).draft
                // Most of a creation's cost is checking the draft; done here, before the store's
                // lock, it does not hold up writers on other connections' threads. A draft that
                // fails is checked again under the lock, which reports exactly what is wrong.
                let now = clock()
                let checked = Registry.checkNewTeacher(draft, actorID: actor.accountID, now: now)
                try change(as: actor, reason: request.reason, at: now, responder: responder) { model, now throws(DomainError) in
                    try model.requireRegistryWriter(actor, schoolID: draft.schoolID, to: "register teachers")
                    let change =
                        if let checked {
                            try model.registry.planCreateTeacher(checked)
                        } else {
                            try model.registry.planCreateTeacher(draft, actorID: actor.accountID, now: now)
                        }
                    guard case .teacherCreated(let teacher) = change else {
                        preconditionFailure("planCreateTeacher returned \(change)")
                    }
                    return Planned([.registry(change)], teacher)
                } answer: { teacher in
                    CreateTeacherResponse(teacher: CraftsmanProto.Teacher(teacher))
                } answerFromRecord: { teacher, record in
                    EncodedMessage(journalEntry: record, nationalIDMasked: teacher.nationalIDMasked)
                }
            })
        router.register(
            RegistryService.UpdateTeacher.self,
            completing: { request, context, responder in
                let actor = try actor(context)
                let draft = (request.teacher ?? TeacherInput()).draft
                try change(as: actor, reason: request.reason, responder: responder) { model, now throws(DomainError) in
                    try model.requireRegistryWriter(
                        actor, schoolID: draft.schoolID,
                        existingSchoolID: model.registry.teacher(id: request.teacherID)?.schoolID,
                        to: "change teachers")
                    let change = try model.registry.planUpdateTeacher(
                        id: request.teacherID, expectedRevision: request.expectedRevision, draft, actorID: actor.accountID,
                        now: now)
                    guard case .teacherUpdated(let teacher) = change else {
                        preconditionFailure("planUpdateTeacher returned \(change)")
                    }
                    return Planned([.registry(change)], teacher)
                } answer: { teacher in
                    UpdateTeacherResponse(teacher: CraftsmanProto.Teacher(teacher))
                } answerFromRecord: { teacher, record in
                    EncodedMessage(journalEntry: record, nationalIDMasked: teacher.nationalIDMasked)
                }
            })
        router.register(
            RegistryService.GetTeacher.self,
            inlineEncoded: { request, context in
                let scope = try actor(context).schoolScope
                let id = request.teacherID
                // Another school's teacher is not revealed to exist to a school operator.
                var notFound: RPCError { RPCError(.notFound, "teacher_id: no teacher \(id)") }
                // Most reads find the reply kept: they look only at the teacher's school and revision.
                guard let number = Registry.teacherNumber(id: id),
                    let seen = store.read({ $0.registry.schoolNumberAndRevision(ofTeacherNumber: number) }),
                    scope.map({ Registry.schoolNumber(id: $0) == seen.schoolNumber }) ?? true
                else { throw notFound }
                if let kept = teacherReplies.reply(teacherNumber: number, revision: seen.revision) { return kept }
                // The teacher may have changed since: its school is checked again.
                guard let teacher = store.read({ $0.registry.teacher(id: id) }), scope.map({ $0 == teacher.schoolID }) ?? true
                else { throw notFound }
                do throws(ProtoEncodingError) {
                    return try teacherReplies.reply(for: teacher)
                } catch {
                    throw RPCError(.internal, "the response could not be encoded: \(error.message)", cause: error)
                }
            })
        router.register(
            RegistryService.ListTeachers.self,
            inline: { request, context in
                let actor = try actor(context)
                let size = try Paging.pageSize(request.pageSize)
                let cursor = try Paging.cursor(request.pageToken)
                let matches = Self.teacherFilter(request.filter ?? TeacherFilter(), actor: actor)
                // Filtering may scan many rows: work on a copy, so writers do not wait for the scan.
                let page = store.copy().registry.teachers(after: cursor, limit: size, where: matches)
                return ListTeachersResponse(
                    teachers: page.rows.map { CraftsmanProto.Teacher($0) }, nextPageToken: Paging.token(page.next))
            })
        router.register(
            RegistryService.StreamTeachers.self,
            serverStreaming: { request, context, writer in
                let matches = Self.teacherFilter(request.filter ?? TeacherFilter(), actor: try actor(context))
                for teacher in store.copy().registry.allTeachers where matches(teacher) {
                    try await writer.write(CraftsmanProto.Teacher(teacher))
                }
            })
        registerTeams(in: &router)
    }

    /// The teachers `filter` asks for that `actor` may see (a school operator: their school's).
    static func teacherFilter(_ filter: TeacherFilter, actor: Actor) -> @Sendable (Craftsman.Teacher) -> Bool {
        let kinds = Set(filter.courseKinds.map(\.rawValue))
        let scope = actor.schoolScope
        return { teacher in
            (filter.schoolID.isEmpty || teacher.schoolID == filter.schoolID)
                && (scope == nil || teacher.schoolID == scope)
                && (filter.nameContains.isEmpty || teacher.name.contains(filter.nameContains))
                && (filter.nationalID.isEmpty || teacher.nationalID == filter.nationalID)
                && (kinds.isEmpty || kinds.contains(teacher.courseKind.rawValue))
                && (!filter.employedInPostOnly || teacher.employedInPost)
        }
    }
}

import Craftsman
import Testing

/// The provisional list, its public notice, promotion (递补) and confirmation (domain.md §4
/// steps 6–8).
@Suite struct ProvisionalListRefusalTests {
    /// Notice input refused by field: a start in the past, on a weekend, no title, no place.
    @Test(arguments: [
        (CivilDate(year: 2026, month: 3, day: 31)!, "公示", "市人社局网站", "starts_on", "must not be in the past"),
        (CivilDate(year: 2026, month: 4, day: 4)!, "公示", "市人社局网站", "starts_on", "must be a working day"),
        (CivilDate(year: 2026, month: 4, day: 2)!, "", "市人社局网站", "title", "is required"),
        (CivilDate(year: 2026, month: 4, day: 2)!, "公示", "", "where_published", "is required"),
    ])
    func aNoticeStartsOnAWorkingDayNotInThePast(_ startsOn: CivilDate, title: String, place: String, field: String, rule: String)
        throws
    {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.provisionalList)
        let error = world.expectRefused(.invalidArgument, field, rule) { () throws(DomainError) in
            try world.model.planPublishPublicNotice(
                roundID: cast.round.id, title: title, startsOn: startsOn, wherePublished: place, actor: world.bureau,
                now: world.now)
        }
        #expect(error?.violations.first?.field == field)
    }

    @Test func aNoticeCoversOnlyEntriesNotYetUnderNotice() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.publicNotice)
        world.expectRefused(
            .failedPrecondition, "every listed entry of round \(cast.round.id) is already under notice", "PromoteNext"
        ) {
            () throws(DomainError) in try SelectionCommand.publishPublicNotice.run(world, cast, target: "", as: world.bureau)
        }
    }

    @Test func theNextInRankFillsARemovedPlaceOnce() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.publicNotice)
        let promote = { (world: SelectionWorld, removed: String, reason: String) throws(DomainError) in
            try world.model.planPromoteNext(
                roundID: cast.round.id, removedNominationID: removed, reason: reason, actor: world.bureau, now: world.now)
        }
        world.expectRefused(.failedPrecondition, "cannot fill the place of \(cast.first): its entry is still listed") {
            () throws(DomainError) in try promote(world, cast.first, "递补")
        }
        world.expectRefused(.notFound, "removed_nomination_id: \(cast.second) is not on the provisional list") {
            () throws(DomainError) in try promote(world, cast.second, "递补")
        }
        _ = try world.resolve(world.object(to: cast.first), uphold: true)
        world.expectRefused(.invalidArgument, "reason") { () throws(DomainError) in try promote(world, cast.first, "") }
        let promoted = try world.apply(promote(world, cast.first, "递补"))
        #expect(promoted.promoted.id == cast.second && promoted.promoted.state == .provisionallySelected)
        let entry = promoted.list.entries.first { $0.nominationID == cast.second }
        #expect(entry?.promoted == true && entry?.replacesNominationID == cast.first && entry?.noticeID == "")
        world.expectRefused(.failedPrecondition, "the place of \(cast.first) is already filled by \(cast.second)") {
            () throws(DomainError) in try promote(world, cast.first, "再次递补")
        }
        // The promoted nominee is removed in turn: the last one left moves up, then nobody is left.
        world.now = SelectionWorld.nine(2026, 4, 3)
        try world.publishNotice(title: "递补公示")
        _ = try world.resolve(world.object(to: cast.second), uphold: true)
        #expect(try world.apply(promote(world, cast.second, "递补")).promoted.id == cast.third)
        try world.publishNotice(title: "再次递补公示")
        _ = try world.resolve(world.object(to: cast.third), uphold: true)
        world.expectRefused(.failedPrecondition, "no MASTER_TEACHER nominee of round \(cast.round.id) is left to promote") {
            () throws(DomainError) in try promote(world, cast.third, "递补")
        }
    }

    @Test func confirmationWaitsForEveryNoticeAndObjection() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.publicNotice)
        let confirm = { (world: SelectionWorld) throws(DomainError) in
            try SelectionCommand.confirmSelection.run(world, cast, target: "", as: world.bureau)
        }
        world.now = CivilDate(year: 2026, month: 4, day: 9)!.startUnixMilliseconds - 1
        world.expectRefused(.failedPrecondition, "notice PN00000001 runs until 2026-04-08 inclusive (today is 2026-04-08") {
            () throws(DomainError) in try confirm(world)
        }
        let objection = try world.object(to: cast.first)
        world.now += 1
        world.expectRefused(.failedPrecondition, "objection \(objection) to \(cast.first) is still open; resolve it first") {
            () throws(DomainError) in try confirm(world)
        }
        _ = try world.resolve(objection, uphold: true)
        try world.apply(
            world.model.planPromoteNext(
                roundID: cast.round.id, removedNominationID: cast.first, reason: "递补", actor: world.bureau, now: world.now))
        world.expectRefused(.failedPrecondition, "\(cast.second) is not under notice yet", "PublishPublicNotice") {
            () throws(DomainError) in try confirm(world)
        }
        try world.publishNotice(title: "递补公示")
        world.now = SelectionWorld.nine(2026, 4, 16)
        for change in try confirm(world) { try world.model.apply(change) }
        #expect(world.currentRound().state == .confirmed)
        #expect(
            [cast.first, cast.second, cast.third].map { world.nomination($0).state } == [.removed, .confirmed, .notSelected])
        let list = try #require(world.model.selection.provisionalList(roundID: cast.round.id))
        #expect(list.entries.map(\.state) == [.removed, .confirmed] && list.notices.map(\.supplementary) == [false, true])
    }
}

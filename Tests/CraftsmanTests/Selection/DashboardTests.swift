import Craftsman
import Testing

/// The program dashboard (domain.md §1 and §8): counts per column, and a school operator's
/// view of their own school only.
@Suite struct DashboardTests {
    /// The MASTER_TEACHER counts of a row: nominated, passed review, selected, in cultivation,
    /// eliminated, disqualified, certified.
    static func columns(_ row: DashboardRow) -> [Int] {
        let c = row.counts
        return [c.nominated, c.passedReview, c.selected, c.inCultivation, c.eliminated, c.disqualified, c.certified]
    }

    @Test func theBureauSeesEverySchoolColumnByColumn() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.confirmed)
        let all = try world.model.dashboard(
            roundID: cast.round.id, tiers: [.masterTeacher], schoolID: nil, groupByRound: true, groupBySchool: false,
            actor: world.bureau)
        #expect(all.map(Self.columns) == [[4, 3, 1, 1, 0, 0, 0]])
        #expect(all[0].round?.id == cast.round.id && all[0].roundQuota == 1 && all[0].programTarget == 20)
        let bySchool = try world.model.dashboard(
            roundID: nil, tiers: [.masterTeacher], schoolID: nil, groupByRound: false, groupBySchool: true, actor: world.auditor)
        #expect(bySchool.map(\.schoolID) == ["S00000001", "S00000002"])
        #expect(bySchool.map(Self.columns) == [[3, 2, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0]])
        #expect(bySchool.allSatisfy { $0.round == nil && $0.roundQuota == 0 })
    }

    @Test func aSchoolOperatorSeesOnlyTheirSchool() throws {
        var world = try SelectionWorld()
        let cast = try world.roundIn(.confirmed)
        for groupBySchool in [false, true] {
            let rows = try world.model.dashboard(
                roundID: cast.round.id, tiers: [], schoolID: nil, groupByRound: false, groupBySchool: groupBySchool,
                actor: world.operatorB)
            #expect(rows.map(\.tier) == Tier.allCases && rows.allSatisfy { $0.schoolID == "S00000002" })
            #expect(Self.columns(rows[0]) == [1, 1, 0, 0, 0, 0, 0])
        }
        world.expectRefused(.permissionDenied, "a school operator of S00000002 may not see the dashboard of S00000001") {
            () throws(DomainError) in
            try world.model.dashboard(
                roundID: nil, tiers: [], schoolID: "S00000001", groupByRound: false, groupBySchool: false, actor: world.operatorB)
        }
        world.expectRefused(.notFound, "round_id: no round R00000009") { () throws(DomainError) in
            try world.model.dashboard(
                roundID: "R00000009", tiers: [], schoolID: nil, groupByRound: false, groupBySchool: false, actor: world.bureau)
        }
    }

    @Test func aCancelledRoundIsLeftOut() throws {
        var world = try SelectionWorld()
        _ = try world.roundIn(.cancelled)
        let rows = try world.model.dashboard(
            roundID: nil, tiers: [.masterTeacher], schoolID: nil, groupByRound: true, groupBySchool: false, actor: world.bureau)
        #expect(rows.isEmpty)
        let total = try world.model.dashboard(
            roundID: nil, tiers: [.masterTeacher], schoolID: nil, groupByRound: false, groupBySchool: false, actor: world.bureau)
        #expect(total.map(Self.columns) == [[0, 0, 0, 0, 0, 0, 0]])
    }
}

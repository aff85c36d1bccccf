import CraftsmanProto

/// Hand-written messages with exact values, mirrored in clients/python/tests/fixtures.py.
///
/// Each side encodes its own copy; the other decodes it and compares every value. Keep the two
/// files in step: same keys, same values.
enum WireFixtures {
    /// A probe with every field at an extreme or awkward value.
    static let probeExtremes = WireProbe(
        int32Value: Int32.min,
        int64Value: Int64.min,
        uint32Value: UInt32.max,
        uint64Value: UInt64.max,
        sint32Value: -1,
        sint64Value: Int64.max,
        fixed32Value: 0xDEAD_BEEF,
        fixed64Value: 0xFEED_FACE_CAFE_BEEF,
        sfixed32Value: -2,
        sfixed64Value: -3,
        floatValue: -1.5,
        doubleValue: .greatestFiniteMagnitude,
        boolValue: true,
        stringValue: "北京市技工院校 🛠️ e\u{301}",
        bytesValue: [0x00, 0xFF, 0x00, 0x01],
        kind: .large,
        item: WireProbeItem(name: "工匠之师", number: 7, kinds: [.first]),
        int64Values: [0, -1, Int64.max],
        doubleValues: [.infinity, -.infinity, .leastNonzeroMagnitude],
        boolValues: [true, false, true],
        stringValues: ["", "a", "张三"],
        bytesValues: [[], [0x00], [0x01, 0x02, 0x03]],
        kinds: [.first, .unspecified, .second],
        items: [WireProbeItem(), WireProbeItem(name: "x", number: 1)],
        count: 0,
        choice: .choiceNumber(-42)
    )

    static func build() -> [String: any ProtoMessage] {
        [
            "teacher": Teacher(
                id: "T-0042",
                schoolID: "S-007",
                name: "王建国",
                nationalIDMasked: "110***********123X",
                birthDate: CivilDate(year: 1976, month: 2, day: 29),
                highestEducation: .master,
                teachingStartDate: CivilDate(year: 2001, month: 9, day: 1),
                titleRank: .associateSenior,
                skillLevel: .seniorTechnician,
                skillOccupation: "数控车工",
                skillCertificateRelatedToSubject: true,
                courseKind: .professional,
                subjectTaught: "数控加工技术",
                employedInPost: true,
                enterprisePracticeMonthsLast5Years: 7,
                enterprisePracticeAsOf: CivilDate(year: 2026, month: 3, day: 1),
                industryExperienceMonths: 30,
                researchProjects: [
                    ResearchProject(
                        id: "RP-1",
                        title: "工学一体化课程改革",
                        level: .municipal,
                        role: .host,
                        concluded: true,
                        year: 2022,
                        issuingBody: "北京市人力资源和社会保障局",
                        concludedYear: 2024
                    ),
                    ResearchProject(id: "RP-2", title: "Digital twin lab", level: .school, role: .participant, year: 2025),
                ],
                awards: [
                    Award(
                        id: "AW-1",
                        title: "全国技能大赛",
                        kind: .competitionCoach,
                        level: .national,
                        rank: .second,
                        year: 2023,
                        awardingBody: "人力资源社会保障部"
                    )
                ],
                honours: [Honour(id: "H-1", title: "北京市优秀教师", level: .municipal, year: 2020)],
                ethicsAttestation: Attestation(
                    attested: true,
                    statement: "师德表现良好",
                    attestedByAccountID: "A-9",
                    attestedAtUnixMs: 1_767_225_600_000
                ),
                createdAtUnixMs: 1_767_225_600_000,
                updatedAtUnixMs: 1_767_225_600_123,
                revision: 3
            ),
            "nomination-team": Nomination(
                id: "N-17",
                roundID: "R-2026",
                schoolID: "S-007",
                tier: .team,
                state: .submitted,
                schoolRecommendation: "推荐",
                revision: 1,
                subject: .teamID("TM-3")
            ),
            "certificate-revoked": Certificate(
                id: "C-1",
                certificateNumber: "GJZS-2028-7Q4M-X2KD",
                projectID: "P-5",
                roundID: "R-2024",
                tier: .masterTeacher,
                title: "工匠名师",
                holderName: "王建国",
                issuedOn: CivilDate(year: 2027, month: 12, day: 20),
                state: .revoked,
                revokedOn: CivilDate(year: 2028, month: 1, day: 5),
                revocationReason: "取消资格",
                revision: 2,
                holder: .teacherID("T-0042")
            ),
            "probe-extremes": probeExtremes,
            "probe-empty-message-in-oneof": WireProbe(choice: .choiceItem(WireProbeItem())),
            "probe-empty": WireProbe(),
        ]
    }
}

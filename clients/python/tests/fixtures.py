"""Hand-written messages with exact values, mirrored in Tests/CraftsmanProtoTests/WireFixtures.swift.

Each side encodes its own copy; the other side decodes it and compares every value. Keep the two
files in step: same keys, same values.
"""

from craftsman.v1 import certificates_pb2, common_pb2, registry_pb2, selection_pb2, wire_probe_pb2


def build():
    probe = wire_probe_pb2.WireProbe(
        int32_value=-2147483648,
        int64_value=-9223372036854775808,
        uint32_value=4294967295,
        uint64_value=18446744073709551615,
        sint32_value=-1,
        sint64_value=9223372036854775807,
        fixed32_value=0xDEADBEEF,
        fixed64_value=0xFEEDFACECAFEBEEF,
        sfixed32_value=-2,
        sfixed64_value=-3,
        float_value=-1.5,
        double_value=1.7976931348623157e308,
        bool_value=True,
        string_value="北京市技工院校 🛠️ e\u0301",
        bytes_value=b"\x00\xff\x00\x01",
        kind=wire_probe_pb2.WIRE_PROBE_KIND_LARGE,
        item=wire_probe_pb2.WireProbeItem(name="工匠之师", number=7, kinds=[wire_probe_pb2.WIRE_PROBE_KIND_FIRST]),
        int64_values=[0, -1, 9223372036854775807],
        double_values=[float("inf"), float("-inf"), 5e-324],
        bool_values=[True, False, True],
        string_values=["", "a", "张三"],
        bytes_values=[b"", b"\x00", b"\x01\x02\x03"],
        kinds=[wire_probe_pb2.WIRE_PROBE_KIND_FIRST, wire_probe_pb2.WIRE_PROBE_KIND_UNSPECIFIED,
               wire_probe_pb2.WIRE_PROBE_KIND_SECOND],
        items=[wire_probe_pb2.WireProbeItem(), wire_probe_pb2.WireProbeItem(name="x", number=1)],
        count=0,
        choice_number=-42,
    )
    empty_choice = wire_probe_pb2.WireProbe()
    empty_choice.choice_item.SetInParent()
    teacher = registry_pb2.Teacher(
        id="T-0042",
        school_id="S-007",
        name="王建国",
        national_id_masked="110***********123X",
        birth_date=common_pb2.CivilDate(year=1976, month=2, day=29),
        highest_education=common_pb2.EDUCATION_LEVEL_MASTER,
        teaching_start_date=common_pb2.CivilDate(year=2001, month=9, day=1),
        title_rank=common_pb2.TITLE_RANK_ASSOCIATE_SENIOR,
        skill_level=common_pb2.SKILL_LEVEL_SENIOR_TECHNICIAN,
        skill_occupation="数控车工",
        skill_certificate_related_to_subject=True,
        course_kind=common_pb2.COURSE_KIND_PROFESSIONAL,
        subject_taught="数控加工技术",
        employed_in_post=True,
        enterprise_practice_months_last_5_years=7,
        enterprise_practice_as_of=common_pb2.CivilDate(year=2026, month=3, day=1),
        industry_experience_months=30,
        research_projects=[
            registry_pb2.ResearchProject(
                id="RP-1", title="工学一体化课程改革", level=common_pb2.ADMINISTRATIVE_LEVEL_MUNICIPAL,
                role=common_pb2.RESEARCH_ROLE_HOST, concluded=True, year=2022, concluded_year=2024,
                issuing_body="北京市人力资源和社会保障局"),
            registry_pb2.ResearchProject(
                id="RP-2", title="Digital twin lab", level=common_pb2.ADMINISTRATIVE_LEVEL_SCHOOL,
                role=common_pb2.RESEARCH_ROLE_PARTICIPANT, year=2025),
        ],
        awards=[registry_pb2.Award(
            id="AW-1", title="全国技能大赛", kind=common_pb2.AWARD_KIND_COMPETITION_COACH,
            level=common_pb2.ADMINISTRATIVE_LEVEL_NATIONAL, rank=common_pb2.AWARD_RANK_SECOND, year=2023,
            awarding_body="人力资源社会保障部")],
        honours=[registry_pb2.Honour(id="H-1", title="北京市优秀教师", level=common_pb2.ADMINISTRATIVE_LEVEL_MUNICIPAL,
                                     year=2020)],
        ethics_attestation=common_pb2.Attestation(attested=True, statement="师德表现良好",
                                                  attested_by_account_id="A-9", attested_at_unix_ms=1767225600000),
        created_at_unix_ms=1767225600000,
        updated_at_unix_ms=1767225600123,
        revision=3,
    )
    nomination = selection_pb2.Nomination(
        id="N-17", round_id="R-2026", school_id="S-007", tier=common_pb2.TIER_TEAM, team_id="TM-3",
        state=selection_pb2.NOMINATION_STATE_SUBMITTED, school_recommendation="推荐", revision=1)
    certificate = certificates_pb2.Certificate(
        id="C-1", certificate_number="GJZS-2028-7Q4M-X2KD", project_id="P-5", round_id="R-2024",
        tier=common_pb2.TIER_MASTER_TEACHER, title="工匠名师", teacher_id="T-0042", holder_name="王建国",
        issued_on=common_pb2.CivilDate(year=2027, month=12, day=20), state=certificates_pb2.CERTIFICATE_STATE_REVOKED,
        revoked_on=common_pb2.CivilDate(year=2028, month=1, day=5), revocation_reason="取消资格", revision=2)
    return {
        "teacher": teacher,
        "nomination-team": nomination,
        "certificate-revoked": certificate,
        "probe-extremes": probe,
        "probe-empty-message-in-oneof": empty_choice,
        "probe-empty": wire_probe_pb2.WireProbe(),
    }

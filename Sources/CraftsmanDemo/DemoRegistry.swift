import Craftsman

/// A realistic, deterministic registry for demos, tests and load: Beijing technical schools and
/// their teachers, with plausible, varied careers (dates, titles, skills, enterprise practice,
/// projects, awards, honours) and valid national ID numbers.
///
/// The same seed gives the same drafts on every machine. Teachers reference schools by their
/// position: school `n` (from 1) gets the id `S` + eight digits of `n` once created in order.
public enum DemoRegistry {
    static let districts = [
        "东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区",
        "密云区", "延庆区",
    ]
    /// Region codes of the districts above, in the same order (for national ID numbers).
    static let regionCodes = [
        "110101", "110102", "110105", "110108", "110106", "110107", "110109", "110111", "110112", "110113", "110114", "110115",
        "110116", "110117", "110118", "110119",
    ]
    static let schoolStems = [
        "工业技师", "电子信息技师", "交通运输技师", "汽车工程技师", "商务技师", "城市建设技师", "医药健康技师", "现代服务技师", "机械工业技师", "航空技工",
        "轻工技师", "建筑工程技工", "智能制造技师", "新能源技师", "旅游技工", "文化艺术技工", "农业技师", "物流技工", "园林技工", "铁路技师",
    ]
    static let surnames = Array(
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
    static let givenCharacters = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红海燕亮鹏飞宇晨欣怡浩然子涵思远博文雅琪嘉俊晓东春梅秋菊立新卫东振华德明永胜")
    static let subjects: [(subject: String, occupation: String)] = [
        ("数控加工", "数控车工"), ("汽车维修", "汽车维修工"), ("电气自动化", "电工"), ("焊接加工", "焊工"), ("计算机网络应用", "网络与信息安全管理员"),
        ("工业机器人应用与维护", "工业机器人系统运维员"), ("模具制造", "模具工"), ("烹饪", "中式烹调师"), ("美容美发", "美发师"), ("智能楼宇", "智能楼宇管理员"),
        ("物流服务与管理", "物流服务师"), ("电子商务", "电子商务师"), ("新能源汽车检测与维修", "汽车维修工"), ("无人机应用技术", "无人机驾驶员"),
    ]
    static let cultureSubjects = ["语文", "数学", "英语", "物理", "体育与健康", "计算机基础"]

    /// `count` schools, two to four in some districts.
    public static func schools(count: Int, seed: UInt64 = 2024) -> [SchoolDraft] {
        var random = DemoRandom(seed: seed)
        return (0..<count).map { index in
            let district = districts[index % districts.count]
            let stem = schoolStems[index % schoolStems.count]
            let name = index < schoolStems.count ? "北京市\(stem)学院" : "北京市\(district)\(stem)学校"
            let code = "BJ" + String(11_000 + index * 7 + Int.random(in: 0..<7, using: &random))
            return SchoolDraft(name: name, district: district, code: code)
        }
    }

    /// `count` teachers spread over `schoolCount` schools, as of `today`.
    public static func teachers(count: Int, schoolCount: Int, today: CivilDate, seed: UInt64 = 2024) -> [TeacherDraft] {
        var random = DemoRandom(seed: seed &+ 1)
        var usedIDs: Set<String> = []
        return (0..<count).map { index in
            teacher(index: index, schoolCount: schoolCount, today: today, random: &random, usedIDs: &usedIDs)
        }
    }

    // swiftlint:disable:next function_body_length
    static func teacher(
        index: Int, schoolCount: Int, today: CivilDate, random: inout DemoRandom, usedIDs: inout Set<String>
    ) -> TeacherDraft {
        var draft = TeacherDraft()
        let schoolNumber = 1 + index % schoolCount
        draft.schoolID = "S" + pad(schoolNumber, 8)
        let givenLength = random.chance(0.7) ? 2 : 1
        draft.name = String(random.pick(surnames)) + String((0..<givenLength).map { _ in random.pick(givenCharacters) })
        let age = random.weighted([
            (Int.random(in: 24...34, using: &random), 30), (Int.random(in: 35...45, using: &random), 40),
            (Int.random(in: 46...52, using: &random), 20), (Int.random(in: 53...60, using: &random), 10),
        ])
        let birth = CivilDate(
            year: today.year - age - 1, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random)
        )!
        draft.birthDate = .init(year: Int32(birth.year), month: Int32(birth.month), day: Int32(birth.day))
        let districtIndex = (schoolNumber - 1) % districts.count
        draft.nationalID = .set(nationalID(region: regionCodes[districtIndex], birth: birth, random: &random, used: &usedIDs))
        draft.highestEducation = random.weighted([(1, 15), (2, 60), (3, 22), (4, 3)])
        let startAge = Int.random(in: 22...27, using: &random)
        let startYear = min(birth.year + startAge, today.year - 1)
        draft.teachingStartDate = .init(year: Int32(startYear), month: random.chance(0.8) ? 9 : 3, day: 1)
        let years = today.year - startYear
        draft.titleRank =
            years < 3
            ? random.weighted([(1, 50), (2, 50)])
            : years < 10
                ? random.weighted([(2, 30), (3, 60), (4, 10)])
                : random.weighted([(3, 45), (4, 40), (5, 15)])
        let professional = random.chance(0.7)
        draft.courseKind = professional ? 1 : random.weighted([(2, 75), (3, 25)])
        if professional {
            let subject = random.pick(subjects)
            draft.subjectTaught = subject.subject
            draft.skillLevel =
                years < 5 ? random.weighted([(3, 30), (4, 60), (5, 10)]) : random.weighted([(4, 25), (5, 45), (6, 25), (7, 5)])
            draft.skillOccupation = subject.occupation
            draft.skillCertificateRelatedToSubject = random.chance(0.9)
            draft.enterprisePracticeMonthsLast5Years = Int32(
                random.weighted([
                    (0, 15), (Int.random(in: 1...5, using: &random), 30),
                    (Int.random(in: 6...12, using: &random), 40), (Int.random(in: 13...24, using: &random), 15),
                ]))
            draft.industryExperienceMonths = Int32(
                random.weighted([
                    (0, 40), (Int.random(in: 6...23, using: &random), 30),
                    (Int.random(in: 24...120, using: &random), 30),
                ]))
        } else {
            draft.subjectTaught = draft.courseKind == 3 ? "思想政治" : random.pick(cultureSubjects)
            draft.skillLevel = random.weighted([(1, 85), (4, 15)])
            if draft.skillLevel != 1 { draft.skillOccupation = "教师资格相关" }
        }
        if draft.enterprisePracticeMonthsLast5Years > 0 {
            draft.enterprisePracticeAsOf = .init(year: Int32(today.year), month: 1, day: 1)
        }
        draft.employedInPost = random.chance(0.97)
        let levels: [(Int32, Int)] = [(1, 40), (2, 30), (3, 22), (4, 5), (5, 3)]
        for _ in 0..<random.weighted([(0, 40), (1, 35), (2, 18), (3, 7)]) {
            var project = TeacherDraft.ResearchProjectInput()
            project.year = Int32(Int.random(in: max(startYear, today.year - 10)...(today.year - 1), using: &random))
            project.title = "\(draft.subjectTaught)\(random.pick(["一体化课程开发", "教学模式改革", "技能人才培养路径", "校企合作实践", "课程思政建设"]))研究"
            project.level = random.weighted(levels)
            project.role = random.weighted([(1, 35), (2, 40), (3, 25)])
            project.concluded = project.year < Int32(today.year - 1) && random.chance(0.7)
            if project.concluded {
                project.concludedYear = min(project.year + Int32.random(in: 1...2, using: &random), Int32(today.year))
            }
            project.issuingBody = project.level >= 3 ? "北京市人力资源和社会保障局" : "学校教科研处"
            draft.researchProjects.append(project)
        }
        for _ in 0..<random.weighted([(0, 45), (1, 30), (2, 17), (3, 8)]) {
            var award = TeacherDraft.AwardInput()
            award.kind = professional ? random.weighted([(1, 30), (2, 30), (3, 40)]) : random.weighted([(1, 70), (2, 30)])
            award.level = random.weighted(levels)
            award.rank = random.weighted([(1, 10), (2, 35), (3, 30), (4, 22), (5, 3)])
            award.year = Int32(Int.random(in: max(startYear, today.year - 10)...(today.year - 1), using: &random))
            award.title = award.kind == 1 ? "教学成果奖" : award.level >= 3 ? "北京市职业技能大赛" : "校级技能竞赛"
            award.awardingBody = award.level >= 3 ? "北京市人力资源和社会保障局" : "学校"
            draft.awards.append(award)
        }
        if random.chance(0.25) {
            var honour = TeacherDraft.HonourInput()
            honour.level = random.weighted(levels)
            honour.year = Int32(Int.random(in: max(startYear, today.year - 10)...(today.year - 1), using: &random))
            honour.title = honour.level >= 3 ? "北京市优秀教师" : "优秀教师"
            honour.awardingBody = honour.level >= 3 ? "北京市教育委员会" : "学校"
            draft.honours.append(honour)
        }
        draft.ethicsAttestation = TeacherDraft.AttestationInput(attested: random.chance(0.95), statement: "师德师风考核合格")
        return draft
    }

    /// A valid national ID number for someone born on `birth` in `region`, not in `used`.
    static func nationalID(region: String, birth: CivilDate, random: inout DemoRandom, used: inout Set<String>) -> String {
        while true {
            let body =
                region + pad(birth.year, 4) + pad(birth.month, 2) + pad(birth.day, 2)
                + pad(Int.random(in: 0..<1000, using: &random), 3)
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
            let id = body + String(Array("10X98765432")[sum % 11])
            if used.insert(id).inserted { return id }
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

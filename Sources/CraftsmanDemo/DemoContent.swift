import Craftsman

/// The words of the demo program: people, rubrics and the texts schools, experts and the
/// bureau write.
enum DemoContent {
    /// A Chinese name.
    static func personName(_ random: inout DemoRandom) -> String {
        String(random.pick(DemoRegistry.surnames))
            + String((0..<(random.chance(0.7) ? 2 : 1)).map { _ in random.pick(DemoRegistry.givenCharacters) })
    }

    /// The expert pool: 24 people from universities, enterprises, research institutes and schools.
    static let experts: [(name: String, title: String, affiliation: String)] = [
        ("李建华", "教授", "北京工业大学"), ("王志刚", "高级工程师", "北京汽车集团有限公司"), ("张秀英", "研究员", "北京市职业技能鉴定指导中心"),
        ("刘德明", "正高级讲师", "北京市职业教育研究会"), ("陈卫东", "首席技师", "北京首钢股份有限公司"), ("杨丽华", "教授", "北京联合大学"),
        ("赵振华", "教授级高级工程师", "北京北一机床股份有限公司"), ("黄永胜", "高级技师", "北京公交集团"), ("周晓梅", "副教授", "北京信息科技大学"),
        ("吴国强", "研究员", "北京教育科学研究院"), ("徐立新", "高级工程师", "北京电力公司"), ("孙海燕", "教授", "北京师范大学"),
        ("胡建国", "正高级讲师", "北京市职业能力建设指导中心"), ("朱春梅", "高级技师", "北京全聚德集团"), ("高志远", "教授级高级工程师", "中国航天科工集团二院"),
        ("林秋菊", "副教授", "北京理工大学"), ("何明亮", "首席技师", "北京奔驰汽车有限公司"), ("郭雅琪", "研究员", "中国就业培训技术指导中心"),
        ("马博文", "教授", "北京交通大学"), ("罗浩然", "高级工程师", "京东方科技集团"), ("梁玉兰", "正高级讲师", "北京市职业教育研究会"),
        ("宋子涵", "副研究员", "北京市人才发展研究中心"), ("郑俊杰", "高级技师", "北京城建集团"), ("谢红霞", "教授", "首都师范大学"),
    ]

    /// The rubric of each tier (评分细则): weighted items that sum to 100.
    static let rubrics: [Tier: ScoringRubric] = {
        func item(_ code: String, _ name: String, _ weight: Int32, _ guidance: String) -> RubricItem {
            RubricItem(code: code, name: name, weightPercent: weight, guidance: guidance)
        }
        let ethics = item("ethics", "师德师风", 10, "师德表现、育人成效、获得的师德荣誉")
        return [
            .masterTeacher: ScoringRubric(items: [
                ethics,
                item("teaching", "教育教学", 25, "工学一体化教学改革、课程开发、教学成果"),
                item("skill", "技能水平", 25, "职业技能等级、技术攻关、技能大赛成绩"),
                item("research", "教科研成果", 20, "主持或主要参与的市级及以上课题、成果奖"),
                item("leadership", "示范引领", 20, "名师工作室、青年教师培养、社会服务"),
            ]),
            .leadTeacher: ScoringRubric(items: [
                ethics,
                item("teaching", "教育教学", 25, "课程建设与教学改革成效"),
                item("skill", "技能水平", 20, "职业技能等级与技术服务能力"),
                item("research", "教科研成果", 15, "近三年主持的市级及以上课题或项目"),
                item("specialty", "专业建设与团队带动", 15, "专业建设、教学团队建设成效"),
                item("enterprise", "校企合作与技术服务", 15, "企业工作经历、技术服务与成果转化"),
            ]),
            .keyTeacher: ScoringRubric(items: [
                item("ethics", "师德师风", 15, "师德表现与育人成效"),
                item("teaching", "教育教学", 35, "课堂教学质量与一体化教学能力"),
                item("skill", "技能水平", 30, "职业技能等级与实操能力"),
                item("research", "教科研能力", 10, "参与课题与教学研究"),
                item("potential", "发展潜力", 10, "专业发展规划与成长空间"),
            ]),
            .team: ScoringRubric(items: [
                item("structure", "团队结构", 20, "成员构成、专兼结合、梯队合理"),
                item("reform", "工学一体化教学改革", 30, "一体化课程与教学改革成效"),
                item("resources", "课程与资源建设", 20, "课程标准、教材与数字资源"),
                item("service", "社会服务", 15, "技术服务与职业培训"),
                item("influence", "示范辐射", 15, "成果推广与示范作用"),
            ]),
        ]
    }()

    /// The tier's name in Chinese.
    static func name(of tier: Tier) -> String {
        switch tier {
        case .masterTeacher: "工匠名师"
        case .leadTeacher: "匠师带头人"
        case .keyTeacher: "优秀骨干匠师"
        case .team: "优秀匠师团队"
        }
    }

    /// A criterion's name in Chinese, for review failure reasons.
    static func name(of criterion: EligibilityCriterion) -> String {
        switch criterion {
        case .employedInPost: "在职在岗"
        case .ethics: "师德师风"
        case .age: "年龄"
        case .education: "学历"
        case .teachingYears: "教龄"
        case .titleOrSkill, .title: "职称"
        case .subjectSkill: "职业技能等级"
        case .enterprisePractice: "企业实践经历"
        case .industryExperience: "行业企业工作经历"
        case .researchOrHonour: "教科研成果或荣誉"
        case .recentHostedProject: "近三年主持市级及以上课题或项目"
        case .competitionAward: "技能竞赛获奖"
        case .teamSize: "团队规模"
        case .teamEnterpriseShare: "行业企业专业人员占比"
        case .teamRoleCoverage: "团队成员结构"
        case .teamMajor: "团队所在专业"
        case .teamLeaderTitleOrSkill: "团队负责人职称或技能等级"
        case .teamMemberEthics: "团队成员师德师风"
        case .teamMembersOfSchool: "团队成员在职在岗"
        default: "选拔条件"
        }
    }

    static func waiverJustification(_ criterion: EligibilityCriterion, teacher: Teacher) -> String {
        switch criterion {
        case .age:
            "\(teacher.name)同志长期扎根教学一线，业绩突出，在\(teacher.subjectTaught)专业领域具有较高影响力，属特别优秀人才，学校研究同意申请放宽年龄条件。"
        default:
            "\(teacher.name)同志职业技能水平突出，多次指导学生在技能大赛中获奖，教学成果显著，属特别优秀人才，学校研究同意申请放宽学历条件。"
        }
    }

    static let schoolObjectionGrounds = [
        "反映其教科研成果存在署名争议", "反映其企业实践时间证明材料与实际不符", "反映其获奖证书级别填报有误", "反映其推荐程序未经教职工代表评议",
    ]
    static let teamObjectionGrounds = [
        "反映团队部分核心成员未实际参与团队建设工作", "反映团队申报的课程与教材建设成果存在署名争议", "反映团队推荐程序未经教职工代表评议",
    ]
    static let noticeObjectionGrounds = [
        "来信反映其申报的市级技能大赛指导奖项实际为校级选拔赛奖项", "来电反映其企业实践经历存在挂名情况",
    ]
    static let formFailures = [
        "推荐材料不完整：缺少近五年企业实践证明原件", "推荐表未加盖学校公章", "业绩证明材料与推荐表填报内容不一致",
    ]
    static let scoreComments = [
        "教学改革成效突出，示范引领作用明显。", "技能水平高，建议加强教科研成果转化。", "材料翔实，业绩突出。", "企业实践经历丰富，校企合作成效明显。", "发展潜力较大，建议加强团队带动。",
    ]

    /// Lower-case hexadecimal digits, as a document's SHA-256.
    static func hex(_ random: inout DemoRandom) -> String {
        (0..<4).map { _ in
            let digits = String(random.next(), radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}

import type { EventTopic } from '../app/domain/event-topics.ts'

/**
 * Demo data drawn from the seed documents in /work/shared/seeds/.
 *
 * Sources (all three stories are reported in the Shanghai Hospital Association newsletter,
 * 2020 issue 4, seed file 000_8b4c4508f08c71b7.txt):
 *   1. high-altitude-medicine-forum-2026: "第五届中国西藏自治区医学高峰论坛" (000_8b4c4508f08c71b7.txt,
 *      section 协会动态). 1 main forum + 4 sub-forums, Aug 10–15.
 *   2. shanghai-hospital-management-summit-2026: "上海医院管理高峰论坛暨第二届全国医院管理知识更新研讨班"
 *      (000_8b4c4508f08c71b7.txt, section 学术活动). Morning main forum + 3 parallel afternoon sub-forums.
 *   3. antibiotic-stewardship-instructor-training-2026: "上海市抗菌药物临床合理应用师资培训"
 *      (000_8b4c4508f08c71b7.txt, section 政府委托). The outcome of the online assessment
 *      (passing qualifies a participant as an instructor, 师资资格) is taken from the 2024 edition
 *      reported in 001_8fda9f72a31bab70.txt.
 *
 * ALL SPEAKER AND CHAIR NAMES ARE FICTIONAL. None of the real people named in the seeds appear here.
 * Affiliations are real institutions, used only as plausible workplaces for the fictional people.
 *
 * Liberties taken:
 *   - Year: the seed events took place in 2020; all are set in 2026 here, keeping the seed month/day
 *     for events 1 and 2 (Aug 10–15 and Aug 29, 2026).
 *   - MOVED: the antibiotic-stewardship training ran on Jul 14 and Jul 30 (2020) in the seed. It is moved
 *     to Dec 14 and Dec 30, 2026 (same day numbers, same 16-day gap) so that the demo has an upcoming
 *     event relative to 2026-11-23. Events 1 and 2 are in the past relative to that date.
 *   - Exact times are not in the seeds and are invented (Asia/Shanghai, roughly 08:30–17:30). Sessions
 *     held in Shigatse start at 09:30, as local working days there start later.
 *   - Event 1: the seed names only two of the four sub-forums (结核病防治专题研讨分论坛 on Aug 10
 *     afternoon, 医疗质量与安全精细化管理分论坛 on Aug 15 afternoon). The other two
 *     (高原急危重症救治分论坛, 泌尿外科特色专科建设分论坛) and their dates (Aug 12, Aug 13) are invented;
 *     the urology one follows the seed's holmium-laser donation to the hospital's urology department. The seed
 *     also does not describe the main forum's programme beyond its opening; its sessions are invented, and
 *     the donation ceremony is placed in the opening. The seed says six units co-organised but names three.
 *   - Event 2: the seed names no venue; 上海国际会议中心 is invented. The main forum's four guest chairs,
 *     the discussion chair and the panel are kept; each sub-forum keeps its opening address, talks, two
 *     half-day guest chairs and closing discussion, with fewer talks than the seed lists.
 *   - Event 3: modelled as one MAIN forum (第一期, day 1) and one SUB forum (第二期, day 2, ending with the
 *     closing summary and the online assessment as an OTHER session). The seed gives no venue; the training
 *     was broadcast on the association's "e说医管" platform, so the main venue is its studio.
 *   - Fewer speakers than the seeds name: fictional people are reused across forums (as the seeds'
 *     real people are) to keep the roster to 35.
 *   - The forums' rooms and the events' topics (issue 15) are not in the seeds: the rooms are invented,
 *     and the topics follow the forums' subjects.
 */

export type DemoSpeaker = { key: string; nameZh: string; nameEn: string; affiliationZh: string; affiliationEn: string }
export type DemoSession = {
  kind: 'OPENING' | 'TALK' | 'PANEL' | 'BREAK' | 'CLOSING' | 'OTHER'
  titleZh: string
  titleEn: string
  startsAt: string
  endsAt: string // e.g. '2026-08-10T09:00:00+08:00'
  speakerKeys: string[] // keys into speakers
}
export type DemoForum = {
  slug: string // lowercase-kebab, unique within its event, e.g. 'main', 'sub-1-critical-care'
  kind: 'MAIN' | 'SUB'
  titleZh: string
  titleEn: string
  descriptionZh: string
  descriptionEn: string
  startsAt: string
  endsAt: string
  /** The room of the main venue it is held in (issue 15); none: the venue alone. */
  roomZh?: string
  roomEn?: string
  chairs: { speakerKey: string; role: 'CHAIR' | 'GUEST_CHAIR' }[] // 主持 / 嘉宾主持
  sessions: DemoSession[] // non-overlapping within a forum, sorted by start
}
export type DemoOrganisation = { nameZh: string; nameEn: string; role: 'HOST' | 'ORGANISER' | 'CO_ORGANISER'; forumSlug?: string }
export type DemoVenue = { kind: 'MAIN' | 'BRANCH'; nameZh: string; nameEn: string; city: string; address: string; capacity?: number }
export type DemoEvent = {
  slug: string // lowercase-kebab, e.g. 'high-altitude-medicine-forum-2026'
  titleZh: string
  titleEn: string
  summaryZh: string
  summaryEn: string // 2–4 sentences, from the seed's own story (including its scale figures where the seed gives them)
  timeZone: 'Asia/Shanghai'
  startsAt: string
  endsAt: string
  /** Keys of app/domain/event-topics.ts. */
  topics: EventTopic[]
  organisations: DemoOrganisation[]
  venues: DemoVenue[] // one MAIN venue, plus BRANCH venues where the seed mentions branch venues / linked cities
  forums: DemoForum[] // exactly one MAIN first, then SUB forums
}

// ---------------------------------------------------------------------------------------------
// Speakers and chairs (fictional people; real institutions as affiliations)
// ---------------------------------------------------------------------------------------------

export const demoSpeakers: DemoSpeaker[] = [
  { key: 'zhao-qiming', nameZh: '赵启明', nameEn: 'Zhao Qiming', affiliationZh: '上海市医院协会', affiliationEn: 'Shanghai Hospital Association' },
  { key: 'yue-guohua', nameZh: '岳国华', nameEn: 'Yue Guohua', affiliationZh: '上海市医院协会', affiliationEn: 'Shanghai Hospital Association' },
  {
    key: 'gu-chengyuan',
    nameZh: '顾承远',
    nameEn: 'Gu Chengyuan',
    affiliationZh: '上海交通大学医学院附属瑞金医院',
    affiliationEn: 'Ruijin Hospital, Shanghai Jiao Tong University School of Medicine',
  },
  { key: 'shen-jiahe', nameZh: '沈嘉禾', nameEn: 'Shen Jiahe', affiliationZh: '上海交通大学医学院附属瑞金医院', affiliationEn: 'Ruijin Hospital, Shanghai Jiao Tong University School of Medicine' },
  { key: 'ciren-duoji', nameZh: '次仁多吉', nameEn: 'Ciren Duoji', affiliationZh: '日喀则市人民政府', affiliationEn: "Shigatse Municipal People's Government" },
  { key: 'zhaxi-pingcuo', nameZh: '扎西平措', nameEn: 'Zhaxi Pingcuo', affiliationZh: '日喀则市人民医院', affiliationEn: "Shigatse People's Hospital" },
  { key: 'zhou-liheng', nameZh: '周立衡', nameEn: 'Zhou Liheng', affiliationZh: '上海第九批援藏干部联络组', affiliationEn: "Liaison Group of Shanghai's 9th Batch of Aid-Tibet Cadres" },
  { key: 'sun-huimin', nameZh: '孙慧敏', nameEn: 'Sun Huimin', affiliationZh: '上海市卫生健康委员会', affiliationEn: 'Shanghai Municipal Health Commission' },
  {
    key: 'han-zhigang',
    nameZh: '韩志刚',
    nameEn: 'Han Zhigang',
    affiliationZh: '上海市卫生健康委员会疾病预防控制处',
    affiliationEn: 'Disease Prevention and Control Division, Shanghai Municipal Health Commission',
  },
  { key: 'xu-weidong', nameZh: '许卫东', nameEn: 'Xu Weidong', affiliationZh: '同济大学附属上海市肺科医院', affiliationEn: 'Shanghai Pulmonary Hospital, Tongji University' },
  {
    key: 'fang-zhiyuan',
    nameZh: '方志远',
    nameEn: 'Fang Zhiyuan',
    affiliationZh: '同济大学附属上海市肺科医院结核科',
    affiliationEn: 'Department of Tuberculosis, Shanghai Pulmonary Hospital, Tongji University',
  },
  { key: 'he-zhenyu', nameZh: '何振宇', nameEn: 'He Zhenyu', affiliationZh: '上海市第一人民医院重症医学科', affiliationEn: 'Department of Critical Care Medicine, Shanghai General Hospital' },
  { key: 'suolang-ciren', nameZh: '索朗次仁', nameEn: 'Suolang Ciren', affiliationZh: '日喀则市人民医院重症医学科', affiliationEn: "Department of Critical Care Medicine, Shigatse People's Hospital" },
  {
    key: 'du-mingyuan',
    nameZh: '杜明远',
    nameEn: 'Du Mingyuan',
    affiliationZh: '上海交通大学医学院附属仁济医院泌尿科',
    affiliationEn: 'Department of Urology, Renji Hospital, Shanghai Jiao Tong University School of Medicine',
  },
  { key: 'lu-wenbin', nameZh: '陆文彬', nameEn: 'Lu Wenbin', affiliationZh: '同济大学附属第十人民医院', affiliationEn: "Shanghai Tenth People's Hospital, Tongji University" },
  { key: 'song-yifan', nameZh: '宋亦凡', nameEn: 'Song Yifan', affiliationZh: '同济大学附属东方医院', affiliationEn: 'Shanghai East Hospital, Tongji University' },
  { key: 'shao-lin', nameZh: '邵琳', nameEn: 'Shao Lin', affiliationZh: '复旦大学附属中山医院医务处', affiliationEn: 'Medical Affairs Department, Zhongshan Hospital, Fudan University' },
  { key: 'qi-wenjing', nameZh: '祁文静', nameEn: 'Qi Wenjing', affiliationZh: '复旦大学附属华山医院感染科', affiliationEn: 'Department of Infectious Diseases, Huashan Hospital, Fudan University' },
  {
    key: 'wei-guoqiang',
    nameZh: '魏国强',
    nameEn: 'Wei Guoqiang',
    affiliationZh: '上海交通大学医学院附属新华医院',
    affiliationEn: 'Xinhua Hospital, Shanghai Jiao Tong University School of Medicine',
  },
  { key: 'liang-jingyi', nameZh: '梁静怡', nameEn: 'Liang Jingyi', affiliationZh: '国家卫生健康委员会医政司', affiliationEn: 'Department of Medical Administration, National Health Commission' },
  { key: 'feng-yanan', nameZh: '冯雅楠', nameEn: 'Feng Yanan', affiliationZh: '上海申康医院发展中心', affiliationEn: 'Shanghai Shenkang Hospital Development Center' },
  { key: 'luo-zhiping', nameZh: '罗志平', nameEn: 'Luo Zhiping', affiliationZh: '四川大学华西医院', affiliationEn: 'West China Hospital, Sichuan University' },
  {
    key: 'pang-jianguo',
    nameZh: '庞建国',
    nameEn: 'Pang Jianguo',
    affiliationZh: '上海交通大学医学院附属第六人民医院',
    affiliationEn: "Shanghai Sixth People's Hospital, Shanghai Jiao Tong University School of Medicine",
  },
  { key: 'xie-wentao', nameZh: '谢文涛', nameEn: 'Xie Wentao', affiliationZh: '上海市精神卫生中心', affiliationEn: 'Shanghai Mental Health Center' },
  { key: 'yang-xiaolan', nameZh: '杨晓岚', nameEn: 'Yang Xiaolan', affiliationZh: '复旦大学附属中山医院', affiliationEn: 'Zhongshan Hospital, Fudan University' },
  {
    key: 'jiang-yutong',
    nameZh: '蒋雨桐',
    nameEn: 'Jiang Yutong',
    affiliationZh: '国家卫生健康委医院管理研究所',
    affiliationEn: 'National Institute of Hospital Administration, National Health Commission',
  },
  { key: 'huang-lixin', nameZh: '黄立新', nameEn: 'Huang Lixin', affiliationZh: '上海市儿童医院', affiliationEn: "Shanghai Children's Hospital" },
  { key: 'tang-yiming', nameZh: '唐一鸣', nameEn: 'Tang Yiming', affiliationZh: '上海交通大学医学院附属仁济医院', affiliationEn: 'Renji Hospital, Shanghai Jiao Tong University School of Medicine' },
  {
    key: 'meng-fanchao',
    nameZh: '孟凡超',
    nameEn: 'Meng Fanchao',
    affiliationZh: '国家卫生健康委医院管理研究所',
    affiliationEn: 'National Institute of Hospital Administration, National Health Commission',
  },
  { key: 'lu-jia', nameZh: '卢佳', nameEn: 'Lu Jia', affiliationZh: '上海市医疗保障局', affiliationEn: 'Shanghai Municipal Healthcare Security Administration' },
  { key: 'ni-jia', nameZh: '倪佳', nameEn: 'Ni Jia', affiliationZh: '上海申康医院发展中心', affiliationEn: 'Shanghai Shenkang Hospital Development Center' },
  {
    key: 'fan-lide',
    nameZh: '范立德',
    nameEn: 'Fan Lide',
    affiliationZh: '上海交通大学医学院附属第九人民医院',
    affiliationEn: "Shanghai Ninth People's Hospital, Shanghai Jiao Tong University School of Medicine",
  },
  { key: 'lin-xiaofeng', nameZh: '林晓峰', nameEn: 'Lin Xiaofeng', affiliationZh: '北京大学临床研究所', affiliationEn: 'Peking University Clinical Research Institute' },
  {
    key: 'zhong-zhicheng',
    nameZh: '钟志诚',
    nameEn: 'Zhong Zhicheng',
    affiliationZh: '复旦大学附属华山医院抗生素研究所',
    affiliationEn: 'Institute of Antibiotics, Huashan Hospital, Fudan University',
  },
  { key: 'fu-guodong', nameZh: '付国栋', nameEn: 'Fu Guodong', affiliationZh: '上海市临床药事管理质控中心', affiliationEn: 'Shanghai Clinical Pharmacy Management Quality Control Center' },
]

// ---------------------------------------------------------------------------------------------
// Organisations (one English name per Chinese name, as Organisation.nameZh is unique)
// ---------------------------------------------------------------------------------------------

const ORG = {
  sha: { nameZh: '上海市医院协会', nameEn: 'Shanghai Hospital Association' },
  shigatseGov: { nameZh: '日喀则市人民政府', nameEn: "Shigatse Municipal People's Government" },
  aidTibet: { nameZh: '上海第九批援藏干部联络组', nameEn: "Liaison Group of Shanghai's 9th Batch of Aid-Tibet Cadres" },
  shigatseHealth: { nameZh: '日喀则市卫生健康委员会', nameEn: 'Shigatse Municipal Health Commission' },
  shanghaiMedical: { nameZh: '上海市医学会', nameEn: 'Shanghai Medical Association' },
  shigatseHospital: { nameZh: '日喀则市人民医院', nameEn: "Shigatse People's Hospital" },
  pulmonaryHospital: { nameZh: '上海市肺科医院', nameEn: 'Shanghai Pulmonary Hospital' },
  qualityCommittee: { nameZh: '上海市医院协会医疗质量管理专业委员会', nameEn: 'Medical Quality Management Committee, Shanghai Hospital Association' },
  performanceCommittee: { nameZh: '上海市医院协会医院绩效管理专业委员会', nameEn: 'Hospital Performance Management Committee, Shanghai Hospital Association' },
  childrensHospital: { nameZh: '上海市儿童医院', nameEn: "Shanghai Children's Hospital" },
  daySurgeryCommittee: { nameZh: '上海市医院协会日间手术管理专业委员会', nameEn: 'Day Surgery Management Committee, Shanghai Hospital Association' },
  ninthHospital: { nameZh: '上海交通大学医学院附属第九人民医院', nameEn: "Shanghai Ninth People's Hospital, Shanghai Jiao Tong University School of Medicine" },
  pharmacyCommittee: { nameZh: '上海市医院协会临床药事管理专业委员会', nameEn: 'Clinical Pharmacy Administration Committee, Shanghai Hospital Association' },
  pharmacyQcCenter: { nameZh: '上海市临床药事管理质控中心', nameEn: 'Shanghai Clinical Pharmacy Management Quality Control Center' },
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export const demoEvents: DemoEvent[] = [
  // 1. Seed 000_8b4c4508f08c71b7.txt — 第五届中国西藏自治区医学高峰论坛 (held 2020; set in 2026 here).
  {
    slug: 'high-altitude-medicine-forum-2026',
    titleZh: '第五届（2026年）中国西藏自治区医学高峰论坛',
    titleEn: 'The 5th (2026) China Tibet Autonomous Region Medical Summit Forum',
    summaryZh:
      '论坛由日喀则市人民政府、上海第九批援藏干部联络组主办，上海市医院协会和日喀则市卫健委、上海市医学会等六家单位共同承办，8月10日上午在日喀则市人民医院开幕，近16000位沪藏两地医院相关管理者及临床医护人员同时在线参加。论坛设一个主论坛、四个分论坛，从8月10日至15日持续6天，由上海市医院协会“e说医管”线上平台向沪藏两地同时播出，累计52000余人在线参加主分论坛。其中结核病防治专题研讨分论坛有7000余人、医疗质量与安全精细化管理分论坛有9000余人在线学习。',
    summaryEn:
      "Hosted by the Shigatse Municipal People's Government and the Liaison Group of Shanghai's 9th Batch of Aid-Tibet Cadres, and organised by six units including the Shanghai Hospital Association, the Shigatse Municipal Health Commission and the Shanghai Medical Association, the forum opened on the morning of 10 August at Shigatse People's Hospital, with nearly 16,000 hospital managers and clinicians from Shanghai and Tibet online at the same time. It has one main forum and four sub-forums over six days, 10–15 August, broadcast simultaneously to Shanghai and Tibet on the association's \"e说医管\" online platform, with more than 52,000 cumulative participants across the main and sub-forums. More than 7,000 people followed the tuberculosis sub-forum online and more than 9,000 the medical quality and safety sub-forum.",
    timeZone: 'Asia/Shanghai',
    startsAt: '2026-08-10T09:30:00+08:00',
    endsAt: '2026-08-15T17:30:00+08:00',
    topics: ['hospital-management', 'respiratory', 'critical-care', 'surgery'],
    organisations: [
      { ...ORG.shigatseGov, role: 'HOST' },
      { ...ORG.aidTibet, role: 'HOST' },
      // The seed says six units co-organised (共同承办) but names only these three.
      { ...ORG.sha, role: 'ORGANISER' },
      { ...ORG.shigatseHealth, role: 'ORGANISER' },
      { ...ORG.shanghaiMedical, role: 'ORGANISER' },
      // 结核病防治专题研讨分论坛: 本会和日喀则市卫健委、市人民医院共同主办，上海市肺科医院承办
      { ...ORG.sha, role: 'HOST', forumSlug: 'sub-1-tuberculosis' },
      { ...ORG.shigatseHealth, role: 'HOST', forumSlug: 'sub-1-tuberculosis' },
      { ...ORG.shigatseHospital, role: 'HOST', forumSlug: 'sub-1-tuberculosis' },
      { ...ORG.pulmonaryHospital, role: 'ORGANISER', forumSlug: 'sub-1-tuberculosis' },
      // 医疗质量与安全精细化管理分论坛: 本会和日喀则市人民医院主办，本会医疗质量管理专委会承办
      { ...ORG.sha, role: 'HOST', forumSlug: 'sub-4-quality-safety' },
      { ...ORG.shigatseHospital, role: 'HOST', forumSlug: 'sub-4-quality-safety' },
      { ...ORG.qualityCommittee, role: 'ORGANISER', forumSlug: 'sub-4-quality-safety' },
    ],
    venues: [
      { kind: 'MAIN', nameZh: '日喀则市人民医院', nameEn: "Shigatse People's Hospital", city: '日喀则', address: '西藏自治区日喀则市桑珠孜区', capacity: 400 },
      // The tuberculosis sub-forum was held at Shanghai Pulmonary Hospital and linked Shanghai with Shigatse.
      { kind: 'BRANCH', nameZh: '上海市肺科医院', nameEn: 'Shanghai Pulmonary Hospital', city: '上海', address: '上海市杨浦区政民路507号', capacity: 200 },
    ],
    forums: [
      {
        slug: 'main',
        kind: 'MAIN',
        roomZh: '门诊楼5楼 学术报告厅',
        roomEn: 'Lecture hall, 5th floor, outpatient building',
        titleZh: '开幕式暨主论坛',
        titleEn: 'Opening Ceremony and Main Forum',
        descriptionZh:
          '8月10日上午在日喀则市人民医院隆重开幕，近16000位沪藏两地医院相关管理者及临床医护人员同时在线参加。开幕式上，上海市医院协会协调企业会员单位向日喀则市人民医院捐赠2台价值340万元的钬激光治疗设备，助力泌尿外科发展特色专科。',
        descriptionEn:
          "Opened on the morning of 10 August at Shigatse People's Hospital, with nearly 16,000 hospital managers and clinicians from Shanghai and Tibet online at the same time. At the opening, corporate members brought together by the Shanghai Hospital Association donate two holmium laser treatment systems worth 3.4 million yuan to Shigatse People's Hospital to help it build urology into a distinctive specialty.",
        startsAt: '2026-08-10T09:30:00+08:00',
        endsAt: '2026-08-10T12:30:00+08:00',
        chairs: [{ speakerKey: 'yue-guohua', role: 'CHAIR' }],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '开幕式及致辞',
            titleEn: 'Opening ceremony and addresses',
            startsAt: '2026-08-10T09:30:00+08:00',
            endsAt: '2026-08-10T10:00:00+08:00',
            speakerKeys: ['ciren-duoji', 'zhou-liheng', 'zhao-qiming'],
          },
          {
            kind: 'OTHER',
            titleZh: '钬激光治疗设备捐赠仪式',
            titleEn: 'Donation ceremony for holmium laser treatment equipment',
            startsAt: '2026-08-10T10:00:00+08:00',
            endsAt: '2026-08-10T10:15:00+08:00',
            speakerKeys: ['zhao-qiming', 'zhaxi-pingcuo'],
          },
          {
            kind: 'TALK',
            titleZh: '“组团式”援藏助力日喀则市人民医院学科建设',
            titleEn: "Team-based medical aid to Tibet and specialty building at Shigatse People's Hospital",
            startsAt: '2026-08-10T10:15:00+08:00',
            endsAt: '2026-08-10T10:55:00+08:00',
            speakerKeys: ['zhaxi-pingcuo'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-10T10:55:00+08:00',
            endsAt: '2026-08-10T11:10:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '构建沪藏两地医院管理者交流平台：医院管理论坛的实践与展望',
            titleEn: 'A platform for hospital managers in Shanghai and Tibet: the hospital management forum in practice and prospect',
            startsAt: '2026-08-10T11:10:00+08:00',
            endsAt: '2026-08-10T11:50:00+08:00',
            speakerKeys: ['gu-chengyuan'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：沪藏协作提升高原地区医疗服务能力',
            titleEn: 'Panel discussion: Shanghai–Tibet cooperation to raise medical service capacity at high altitude',
            startsAt: '2026-08-10T11:50:00+08:00',
            endsAt: '2026-08-10T12:30:00+08:00',
            speakerKeys: ['yue-guohua', 'zhaxi-pingcuo', 'gu-chengyuan', 'zhou-liheng'],
          },
        ],
      },
      {
        slug: 'sub-1-tuberculosis',
        kind: 'SUB',
        roomZh: '行政楼3楼 第一会议室',
        roomEn: 'Meeting room 1, 3rd floor, administration building',
        titleZh: '结核病防治专题研讨分论坛',
        titleEn: 'Sub-forum: Tuberculosis Prevention and Control',
        descriptionZh:
          '8月10日下午在上海市肺科医院举行，日喀则市18个县区以及上海市的医院管理者、医务人员7000余人在线学习。上海市卫健委和肺科医院结核病防治专家围绕结核病防控体系建设、诊治规范等与日喀则市同仁交流。',
        descriptionEn:
          "Held on the afternoon of 10 August at Shanghai Pulmonary Hospital; more than 7,000 hospital managers and health workers from the 18 counties and districts of Shigatse and from Shanghai followed it online. Experts from the Shanghai Municipal Health Commission and the hospital's tuberculosis service discuss building a TB control system and standard diagnosis and treatment with colleagues in Shigatse.",
        startsAt: '2026-08-10T14:00:00+08:00',
        endsAt: '2026-08-10T17:00:00+08:00',
        chairs: [
          { speakerKey: 'xu-weidong', role: 'GUEST_CHAIR' },
          { speakerKey: 'zhaxi-pingcuo', role: 'GUEST_CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '致辞',
            titleEn: 'Opening addresses',
            startsAt: '2026-08-10T14:00:00+08:00',
            endsAt: '2026-08-10T14:20:00+08:00',
            speakerKeys: ['ciren-duoji', 'sun-huimin'],
          },
          {
            kind: 'TALK',
            titleZh: '结核病防控体系建设',
            titleEn: 'Building a tuberculosis prevention and control system',
            startsAt: '2026-08-10T14:20:00+08:00',
            endsAt: '2026-08-10T15:00:00+08:00',
            speakerKeys: ['han-zhigang'],
          },
          {
            kind: 'TALK',
            titleZh: '肺结核诊治规范与临床实践',
            titleEn: 'Standards for the diagnosis and treatment of pulmonary tuberculosis in clinical practice',
            startsAt: '2026-08-10T15:00:00+08:00',
            endsAt: '2026-08-10T15:40:00+08:00',
            speakerKeys: ['fang-zhiyuan'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-10T15:40:00+08:00',
            endsAt: '2026-08-10T15:55:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'PANEL',
            titleZh: '互动交流：沪藏两地结核病防治经验分享',
            titleEn: 'Panel discussion: sharing tuberculosis control experience between Shanghai and Tibet',
            startsAt: '2026-08-10T15:55:00+08:00',
            endsAt: '2026-08-10T17:00:00+08:00',
            speakerKeys: ['xu-weidong', 'han-zhigang', 'fang-zhiyuan', 'zhaxi-pingcuo'],
          },
        ],
      },
      {
        // Invented: the seed does not name this sub-forum.
        slug: 'sub-2-critical-care',
        kind: 'SUB',
        roomZh: '行政楼3楼 第二会议室',
        roomEn: 'Meeting room 2, 3rd floor, administration building',
        titleZh: '高原急危重症救治分论坛',
        titleEn: 'Sub-forum: Emergency and Critical Care at High Altitude',
        descriptionZh: '沪藏两地重症医学专家围绕高原地区急危重症的早期识别、救治与安全转运进行交流，助力日喀则市急危重症救治能力提升。',
        descriptionEn:
          'Critical-care specialists from Shanghai and Tibet discuss early recognition, treatment and safe transfer of critically ill patients at high altitude, to strengthen emergency and critical care in Shigatse.',
        startsAt: '2026-08-12T09:30:00+08:00',
        endsAt: '2026-08-12T12:30:00+08:00',
        chairs: [
          { speakerKey: 'suolang-ciren', role: 'CHAIR' },
          { speakerKey: 'shen-jiahe', role: 'GUEST_CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '致辞',
            titleEn: 'Opening address',
            startsAt: '2026-08-12T09:30:00+08:00',
            endsAt: '2026-08-12T09:45:00+08:00',
            speakerKeys: ['zhaxi-pingcuo'],
          },
          {
            kind: 'TALK',
            titleZh: '高原肺水肿与高原脑水肿的早期识别与救治',
            titleEn: 'Early recognition and treatment of high-altitude pulmonary and cerebral oedema',
            startsAt: '2026-08-12T09:45:00+08:00',
            endsAt: '2026-08-12T10:25:00+08:00',
            speakerKeys: ['he-zhenyu'],
          },
          {
            kind: 'TALK',
            titleZh: '日喀则市人民医院重症医学科建设实践',
            titleEn: "Building the critical care department at Shigatse People's Hospital",
            startsAt: '2026-08-12T10:25:00+08:00',
            endsAt: '2026-08-12T11:05:00+08:00',
            speakerKeys: ['suolang-ciren'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-12T11:05:00+08:00',
            endsAt: '2026-08-12T11:20:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '急危重症患者远程会诊与安全转运',
            titleEn: 'Remote consultation and safe transfer of critically ill patients',
            startsAt: '2026-08-12T11:20:00+08:00',
            endsAt: '2026-08-12T12:00:00+08:00',
            speakerKeys: ['song-yifan'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：高原地区急危重症救治体系建设',
            titleEn: 'Panel discussion: building an emergency and critical care system at high altitude',
            startsAt: '2026-08-12T12:00:00+08:00',
            endsAt: '2026-08-12T12:30:00+08:00',
            speakerKeys: ['suolang-ciren', 'he-zhenyu', 'song-yifan'],
          },
        ],
      },
      {
        // Invented: the seed does not name this sub-forum; it follows the seed's holmium-laser donation
        // to help Shigatse People's Hospital develop urology as a distinctive specialty.
        slug: 'sub-3-urology',
        kind: 'SUB',
        roomZh: '外科楼2楼 示教室',
        roomEn: 'Teaching room, 2nd floor, surgical building',
        titleZh: '泌尿外科特色专科建设分论坛',
        titleEn: 'Sub-forum: Building a Distinctive Urology Specialty',
        descriptionZh: '围绕受捐钬激光治疗设备的临床应用，沪藏两地泌尿外科专家交流微创技术与专科人才培养，助力日喀则市人民医院泌尿外科发展特色专科。',
        descriptionEn:
          "Urologists from Shanghai and Tibet discuss the clinical use of the donated holmium laser systems, minimally invasive techniques and specialist training, to help Shigatse People's Hospital develop urology as a distinctive specialty.",
        startsAt: '2026-08-13T09:30:00+08:00',
        endsAt: '2026-08-13T12:00:00+08:00',
        chairs: [{ speakerKey: 'zhaxi-pingcuo', role: 'CHAIR' }],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '致辞',
            titleEn: 'Opening address',
            startsAt: '2026-08-13T09:30:00+08:00',
            endsAt: '2026-08-13T09:45:00+08:00',
            speakerKeys: ['zhou-liheng'],
          },
          {
            kind: 'TALK',
            titleZh: '钬激光技术在泌尿系结石微创治疗中的应用',
            titleEn: 'Holmium laser techniques in the minimally invasive treatment of urinary stones',
            startsAt: '2026-08-13T09:45:00+08:00',
            endsAt: '2026-08-13T10:25:00+08:00',
            speakerKeys: ['du-mingyuan'],
          },
          {
            kind: 'TALK',
            titleZh: '泌尿外科特色专科建设与人才梯队培养',
            titleEn: 'Building a distinctive urology specialty and its team of specialists',
            startsAt: '2026-08-13T10:25:00+08:00',
            endsAt: '2026-08-13T11:05:00+08:00',
            speakerKeys: ['tang-yiming'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-13T11:05:00+08:00',
            endsAt: '2026-08-13T11:20:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：以新设备落地带动专科能力提升',
            titleEn: 'Panel discussion: using new equipment to raise specialty capacity',
            startsAt: '2026-08-13T11:20:00+08:00',
            endsAt: '2026-08-13T12:00:00+08:00',
            speakerKeys: ['zhaxi-pingcuo', 'du-mingyuan', 'tang-yiming'],
          },
        ],
      },
      {
        slug: 'sub-4-quality-safety',
        kind: 'SUB',
        roomZh: '门诊楼5楼 学术报告厅',
        roomEn: 'Lecture hall, 5th floor, outpatient building',
        titleZh: '医疗质量与安全精细化管理分论坛',
        titleEn: 'Sub-forum: Refined Management of Medical Quality and Safety',
        descriptionZh:
          '8月15日下午举行，日喀则市人民医院及周边地区医院的9000余位代表在线参与。根据对方需求，上海医疗质量管理专家围绕患者安全、突发公共卫生事件应对、医疗服务、纠纷防范、科学管理工具应用等，为日喀则同道提供可借鉴、参考的理念和做法。',
        descriptionEn:
          "Held on the afternoon of 15 August, with more than 9,000 representatives of Shigatse People's Hospital and hospitals in the surrounding area online. Tailored to the hosts' needs, Shanghai experts in quality management share ideas and practice on patient safety, responding to public health emergencies, medical services, preventing disputes and using scientific management tools.",
        startsAt: '2026-08-15T14:30:00+08:00',
        endsAt: '2026-08-15T17:30:00+08:00',
        chairs: [
          { speakerKey: 'shen-jiahe', role: 'CHAIR' },
          { speakerKey: 'lu-wenbin', role: 'CHAIR' },
          { speakerKey: 'song-yifan', role: 'CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '开幕式及致辞',
            titleEn: 'Opening ceremony and addresses',
            startsAt: '2026-08-15T14:30:00+08:00',
            endsAt: '2026-08-15T14:50:00+08:00',
            speakerKeys: ['zhaxi-pingcuo', 'gu-chengyuan'],
          },
          {
            kind: 'TALK',
            titleZh: '患者安全管理的理念与实践',
            titleEn: 'Patient safety management: principles and practice',
            startsAt: '2026-08-15T14:50:00+08:00',
            endsAt: '2026-08-15T15:25:00+08:00',
            speakerKeys: ['shen-jiahe'],
          },
          {
            kind: 'TALK',
            titleZh: '突发公共卫生事件的医院应对',
            titleEn: 'Hospital response to public health emergencies',
            startsAt: '2026-08-15T15:25:00+08:00',
            endsAt: '2026-08-15T16:00:00+08:00',
            speakerKeys: ['qi-wenjing'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-15T16:00:00+08:00',
            endsAt: '2026-08-15T16:15:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '改善医疗服务与医疗纠纷防范',
            titleEn: 'Improving medical services and preventing medical disputes',
            startsAt: '2026-08-15T16:15:00+08:00',
            endsAt: '2026-08-15T16:50:00+08:00',
            speakerKeys: ['wei-guoqiang'],
          },
          {
            kind: 'TALK',
            titleZh: '科学管理工具在医疗质量持续改进中的应用',
            titleEn: 'Scientific management tools for continuous quality improvement',
            startsAt: '2026-08-15T16:50:00+08:00',
            endsAt: '2026-08-15T17:20:00+08:00',
            speakerKeys: ['shao-lin'],
          },
          {
            kind: 'CLOSING',
            titleZh: '总结',
            titleEn: 'Closing summary',
            startsAt: '2026-08-15T17:20:00+08:00',
            endsAt: '2026-08-15T17:30:00+08:00',
            speakerKeys: ['shen-jiahe'],
          },
        ],
      },
    ],
  },

  // 2. Seed 000_8b4c4508f08c71b7.txt — 上海医院管理高峰论坛暨第二届全国医院管理知识更新研讨班 (held 29 Aug 2020).
  //    Main forum in the morning, then three sub-forums IN PARALLEL in the afternoon (they overlap on purpose).
  {
    slug: 'shanghai-hospital-management-summit-2026',
    titleZh: '上海医院管理高峰论坛暨第二届全国医院管理知识更新研讨班',
    titleEn: 'Shanghai Hospital Management Summit Forum and the 2nd National Seminar on Updating Hospital Management Knowledge',
    summaryZh:
      '高峰论坛于8月29日举办，本市及周边地区660多位医院管理同仁共聚上午的主论坛。主论坛聚焦医院绩效管理，由医院绩效管理专委会承办，解读全国三级公立医院绩效考核情况并分享医院绩效管理的探索。下午，新时期智慧医院建设、日间手术规范发展管理、临床医学研究与创新三个分论坛同时举行，800多位医院管理者出席。',
    summaryEn:
      "The summit takes place on 29 August; more than 660 hospital managers from Shanghai and the surrounding region gather for the morning main forum. The main forum, organised by the Hospital Performance Management Committee, focuses on hospital performance management, interpreting the national performance evaluation of tertiary public hospitals and sharing hospitals' experience. In the afternoon three sub-forums run in parallel, on smart hospitals in the new era, standardised day surgery, and clinical research and innovation, attended by more than 800 hospital managers.",
    timeZone: 'Asia/Shanghai',
    startsAt: '2026-08-29T08:30:00+08:00',
    endsAt: '2026-08-29T17:00:00+08:00',
    topics: ['hospital-management', 'surgery', 'medical-education'],
    organisations: [
      { ...ORG.sha, role: 'HOST' },
      { ...ORG.performanceCommittee, role: 'ORGANISER', forumSlug: 'main' },
      { ...ORG.childrensHospital, role: 'ORGANISER', forumSlug: 'sub-1-smart-hospital' },
      { ...ORG.daySurgeryCommittee, role: 'ORGANISER', forumSlug: 'sub-2-day-surgery' },
      { ...ORG.ninthHospital, role: 'ORGANISER', forumSlug: 'sub-3-clinical-research' },
    ],
    venues: [
      // Invented: the seed names no venue.
      { kind: 'MAIN', nameZh: '上海国际会议中心', nameEn: 'Shanghai International Convention Center', city: '上海', address: '上海市浦东新区滨江大道2727号', capacity: 1000 },
    ],
    forums: [
      {
        slug: 'main',
        kind: 'MAIN',
        roomZh: '7楼 上海厅',
        roomEn: 'Shanghai Hall, 7th floor',
        titleZh: '主论坛：医院绩效管理',
        titleEn: 'Main Forum: Hospital Performance Management',
        descriptionZh:
          '主论坛聚焦医院绩效管理，由医院绩效管理专委会承办。分析解读全国三级公立医院绩效考核情况，介绍本市市级医院在加强成本管控、提高资源配置绩效方面的有效举措，并邀请医院分享绩效管理的探索；讨论环节共同探讨利用绩效管理促进医院提质增效。',
        descriptionEn:
          "The main forum, organised by the Hospital Performance Management Committee, focuses on hospital performance management. It interprets the national performance evaluation of tertiary public hospitals, presents measures by Shanghai's municipal hospitals to control costs and make better use of resources, and hears hospitals' own experience; the panel discusses how performance management can improve quality and efficiency.",
        startsAt: '2026-08-29T08:30:00+08:00',
        endsAt: '2026-08-29T12:00:00+08:00',
        chairs: [
          { speakerKey: 'yue-guohua', role: 'GUEST_CHAIR' },
          { speakerKey: 'sun-huimin', role: 'GUEST_CHAIR' },
          { speakerKey: 'pang-jianguo', role: 'GUEST_CHAIR' },
          { speakerKey: 'xie-wentao', role: 'GUEST_CHAIR' },
          { speakerKey: 'lu-wenbin', role: 'CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '开幕式及致辞',
            titleEn: 'Opening ceremony and addresses',
            startsAt: '2026-08-29T08:30:00+08:00',
            endsAt: '2026-08-29T08:50:00+08:00',
            speakerKeys: ['zhao-qiming', 'sun-huimin'],
          },
          {
            kind: 'TALK',
            titleZh: '全国三级公立医院绩效考核情况分析与解读',
            titleEn: 'Analysis and interpretation of the national performance evaluation of tertiary public hospitals',
            startsAt: '2026-08-29T08:50:00+08:00',
            endsAt: '2026-08-29T09:30:00+08:00',
            speakerKeys: ['liang-jingyi'],
          },
          {
            kind: 'TALK',
            titleZh: '加强成本管控，提高资源配置绩效：市级医院的实践',
            titleEn: "Controlling costs and improving resource allocation: practice in Shanghai's municipal hospitals",
            startsAt: '2026-08-29T09:30:00+08:00',
            endsAt: '2026-08-29T10:05:00+08:00',
            speakerKeys: ['feng-yanan'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-29T10:05:00+08:00',
            endsAt: '2026-08-29T10:20:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '瑞金医院绩效管理的探索',
            titleEn: 'Exploring performance management at Ruijin Hospital',
            startsAt: '2026-08-29T10:20:00+08:00',
            endsAt: '2026-08-29T10:50:00+08:00',
            speakerKeys: ['gu-chengyuan'],
          },
          {
            kind: 'TALK',
            titleZh: '华西医院绩效管理的探索',
            titleEn: 'Exploring performance management at West China Hospital',
            startsAt: '2026-08-29T10:50:00+08:00',
            endsAt: '2026-08-29T11:20:00+08:00',
            speakerKeys: ['luo-zhiping'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：利用绩效管理促进医院提质增效',
            titleEn: 'Panel discussion: using performance management to improve hospital quality and efficiency',
            startsAt: '2026-08-29T11:20:00+08:00',
            endsAt: '2026-08-29T12:00:00+08:00',
            speakerKeys: ['lu-wenbin', 'gu-chengyuan', 'pang-jianguo', 'xie-wentao', 'yang-xiaolan'],
          },
        ],
      },
      {
        slug: 'sub-1-smart-hospital',
        kind: 'SUB',
        roomZh: '5楼 长江厅',
        roomEn: 'Yangtze Hall, 5th floor',
        titleZh: '新时期智慧医院建设分论坛',
        titleEn: 'Sub-forum: Smart Hospital Development in the New Era',
        descriptionZh: '由上海市儿童医院承办，聚焦新形势下智慧医院建设，邀请国家卫健委医院管理研究所及本市医院专家共同探讨智慧医院构建之路，最后讨论嘉宾与参会者展开互动探讨。',
        descriptionEn:
          "Organised by Shanghai Children's Hospital, this sub-forum focuses on building smart hospitals under new conditions. Experts from the NHC National Institute of Hospital Administration and Shanghai hospitals discuss the road to a smart hospital, followed by an open discussion with participants.",
        startsAt: '2026-08-29T13:30:00+08:00',
        endsAt: '2026-08-29T17:00:00+08:00',
        chairs: [
          { speakerKey: 'xie-wentao', role: 'GUEST_CHAIR' },
          { speakerKey: 'lu-wenbin', role: 'GUEST_CHAIR' },
          { speakerKey: 'zhao-qiming', role: 'CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '致辞',
            titleEn: 'Opening address',
            startsAt: '2026-08-29T13:30:00+08:00',
            endsAt: '2026-08-29T13:45:00+08:00',
            speakerKeys: ['feng-yanan'],
          },
          {
            kind: 'TALK',
            titleZh: '新形势下智慧医院建设的政策导向与评价',
            titleEn: 'Policy direction and evaluation of smart hospital development under new conditions',
            startsAt: '2026-08-29T13:45:00+08:00',
            endsAt: '2026-08-29T14:20:00+08:00',
            speakerKeys: ['jiang-yutong'],
          },
          {
            kind: 'TALK',
            titleZh: '智慧儿童医院建设实践',
            titleEn: "Building a smart children's hospital in practice",
            startsAt: '2026-08-29T14:20:00+08:00',
            endsAt: '2026-08-29T14:55:00+08:00',
            speakerKeys: ['huang-lixin'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-29T14:55:00+08:00',
            endsAt: '2026-08-29T15:10:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '新时期医院信息化发展与转型',
            titleEn: 'Hospital IT development and transformation in the new era',
            startsAt: '2026-08-29T15:10:00+08:00',
            endsAt: '2026-08-29T15:45:00+08:00',
            speakerKeys: ['shen-jiahe'],
          },
          {
            kind: 'TALK',
            titleZh: '智慧服务与智慧管理的医院实践',
            titleEn: 'Smart services and smart management in hospital practice',
            startsAt: '2026-08-29T15:45:00+08:00',
            endsAt: '2026-08-29T16:20:00+08:00',
            speakerKeys: ['yang-xiaolan'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：智慧医院构建之路',
            titleEn: 'Panel discussion: the road to a smart hospital',
            startsAt: '2026-08-29T16:20:00+08:00',
            endsAt: '2026-08-29T17:00:00+08:00',
            speakerKeys: ['zhao-qiming', 'jiang-yutong', 'huang-lixin', 'shen-jiahe', 'yang-xiaolan'],
          },
        ],
      },
      {
        slug: 'sub-2-day-surgery',
        kind: 'SUB',
        roomZh: '5楼 黄河厅',
        roomEn: 'Yellow River Hall, 5th floor',
        titleZh: '日间手术规范发展管理分论坛',
        titleEn: 'Sub-forum: Standardised Development and Management of Day Surgery',
        descriptionZh:
          '由日间手术管理专委会承办。国家卫健委医院管理研究所、市医保局及本市医院专家进行交流，为推动本市日间手术管理的规范化和标准化提供参考；最后与会代表就日间医疗规范管理的实践进行交流分享。',
        descriptionEn:
          'Organised by the Day Surgery Management Committee. Experts from the NHC National Institute of Hospital Administration, the Shanghai Municipal Healthcare Security Administration and Shanghai hospitals share experience to guide the standardisation of day surgery management in Shanghai; the closing discussion exchanges practice in managing day care to standard.',
        startsAt: '2026-08-29T13:30:00+08:00',
        endsAt: '2026-08-29T17:00:00+08:00',
        chairs: [
          { speakerKey: 'ni-jia', role: 'GUEST_CHAIR' },
          { speakerKey: 'wei-guoqiang', role: 'GUEST_CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '开场致辞',
            titleEn: 'Opening address',
            startsAt: '2026-08-29T13:30:00+08:00',
            endsAt: '2026-08-29T13:45:00+08:00',
            speakerKeys: ['tang-yiming'],
          },
          {
            kind: 'TALK',
            titleZh: '日间手术规范化发展的政策与路径',
            titleEn: 'Policy and pathways for the standardised development of day surgery',
            startsAt: '2026-08-29T13:45:00+08:00',
            endsAt: '2026-08-29T14:25:00+08:00',
            speakerKeys: ['meng-fanchao'],
          },
          {
            kind: 'TALK',
            titleZh: '医保支付与日间手术发展',
            titleEn: 'Medical insurance payment and the development of day surgery',
            startsAt: '2026-08-29T14:25:00+08:00',
            endsAt: '2026-08-29T15:00:00+08:00',
            speakerKeys: ['lu-jia'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-29T15:00:00+08:00',
            endsAt: '2026-08-29T15:15:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '日间手术全流程管理的医院实践',
            titleEn: 'End-to-end management of day surgery in hospital practice',
            startsAt: '2026-08-29T15:15:00+08:00',
            endsAt: '2026-08-29T15:50:00+08:00',
            speakerKeys: ['tang-yiming'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：日间医疗规范管理的实践',
            titleEn: 'Panel discussion: practice in the standardised management of day care',
            startsAt: '2026-08-29T15:50:00+08:00',
            endsAt: '2026-08-29T17:00:00+08:00',
            speakerKeys: ['ni-jia', 'tang-yiming', 'meng-fanchao', 'lu-jia', 'wei-guoqiang'],
          },
        ],
      },
      {
        slug: 'sub-3-clinical-research',
        kind: 'SUB',
        roomZh: '5楼 珠江厅',
        roomEn: 'Pearl River Hall, 5th floor',
        titleZh: '临床医学研究与创新分论坛',
        titleEn: 'Sub-forum: Clinical Research and Innovation',
        descriptionZh: '由上海交通大学医学院附属第九人民医院承办，为促进本市医院构建产学研合作的新生态、推动临床研究创新提供经验；讨论环节深入探讨医院创新驱动战略、临床研究体系和能力建设的新进展。',
        descriptionEn:
          "Organised by Shanghai Ninth People's Hospital, this sub-forum shares experience in building a new ecosystem of cooperation between hospitals, universities and industry and in driving innovation in clinical research; the discussion covers innovation-driven hospital strategy and recent progress in clinical research systems and capacity.",
        startsAt: '2026-08-29T13:30:00+08:00',
        endsAt: '2026-08-29T17:00:00+08:00',
        chairs: [
          { speakerKey: 'gu-chengyuan', role: 'GUEST_CHAIR' },
          { speakerKey: 'pang-jianguo', role: 'GUEST_CHAIR' },
          { speakerKey: 'yue-guohua', role: 'CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '承办方致辞',
            titleEn: 'Address by the organising hospital',
            startsAt: '2026-08-29T13:30:00+08:00',
            endsAt: '2026-08-29T13:45:00+08:00',
            speakerKeys: ['fan-lide'],
          },
          {
            kind: 'TALK',
            titleZh: '高质量临床研究的设计、实施与发表',
            titleEn: 'Designing, conducting and publishing high-quality clinical research',
            startsAt: '2026-08-29T13:45:00+08:00',
            endsAt: '2026-08-29T14:30:00+08:00',
            speakerKeys: ['lin-xiaofeng'],
          },
          {
            kind: 'TALK',
            titleZh: '市级医院临床研究体系与能力建设',
            titleEn: "Building clinical research systems and capacity in Shanghai's municipal hospitals",
            startsAt: '2026-08-29T14:30:00+08:00',
            endsAt: '2026-08-29T15:10:00+08:00',
            speakerKeys: ['feng-yanan'],
          },
          {
            kind: 'BREAK',
            titleZh: '茶歇',
            titleEn: 'Tea break',
            startsAt: '2026-08-29T15:10:00+08:00',
            endsAt: '2026-08-29T15:25:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '构建产学研合作新生态，推动临床研究创新',
            titleEn: 'A new ecosystem of hospital–university–industry cooperation to drive clinical research innovation',
            startsAt: '2026-08-29T15:25:00+08:00',
            endsAt: '2026-08-29T16:05:00+08:00',
            speakerKeys: ['fan-lide'],
          },
          {
            kind: 'PANEL',
            titleZh: '互动讨论：医院创新驱动战略与临床研究能力建设',
            titleEn: 'Panel discussion: innovation-driven hospital strategy and clinical research capacity',
            startsAt: '2026-08-29T16:05:00+08:00',
            endsAt: '2026-08-29T17:00:00+08:00',
            speakerKeys: ['yue-guohua', 'lin-xiaofeng', 'feng-yanan', 'fan-lide'],
          },
        ],
      },
    ],
  },

  // 3. Seed 000_8b4c4508f08c71b7.txt — 上海市抗菌药物临床合理应用师资培训 (Jul 14 and Jul 30, 2020).
  //    MOVED to Dec 14 and Dec 30, 2026 so that it is upcoming relative to 2026-11-23.
  //    Modelled as one MAIN forum (第一期, day 1) and one SUB forum (第二期, day 2, ending with the online assessment).
  {
    slug: 'antibiotic-stewardship-instructor-training-2026',
    titleZh: '2026年上海市抗菌药物临床合理应用师资培训',
    titleEn: '2026 Shanghai Instructor Training on the Rational Clinical Use of Antimicrobials',
    summaryZh:
      '培训由市卫健委指导，上海市医院协会主办，临床药事管理专委会和市临床药事管理质控中心共同承办，分为二期在“e说医管”直播平台举办。本市医疗机构近700位医务管理人员、药学技术人员和临床专家参加师资培训。培训结束后师资们进行线上考核，通过考核者获得上海市抗菌药物临床合理应用师资资格。',
    summaryEn:
      'Guided by the Shanghai Municipal Health Commission, hosted by the Shanghai Hospital Association and organised jointly by its Clinical Pharmacy Administration Committee and the Shanghai Clinical Pharmacy Management Quality Control Center, the training runs in two sessions on the "e说医管" live platform. Nearly 700 medical administrators, pharmacists and clinical experts from Shanghai\'s medical institutions take part. At the end the trainee instructors sit an online assessment; those who pass qualify as Shanghai instructors in the rational clinical use of antimicrobials.',
    timeZone: 'Asia/Shanghai',
    startsAt: '2026-12-14T08:30:00+08:00',
    endsAt: '2026-12-30T12:40:00+08:00',
    topics: ['pharmacy', 'infection-control', 'medical-education'],
    organisations: [
      { ...ORG.sha, role: 'HOST' },
      { ...ORG.pharmacyCommittee, role: 'ORGANISER' },
      { ...ORG.pharmacyQcCenter, role: 'ORGANISER' },
    ],
    venues: [
      // The seed gives no physical venue: both sessions were broadcast on the association's platform.
      { kind: 'MAIN', nameZh: '上海市医院协会“e说医管”直播间', nameEn: 'Shanghai Hospital Association "e说医管" live studio', city: '上海', address: '上海市（“e说医管”平台线上直播）' },
    ],
    forums: [
      {
        slug: 'main',
        kind: 'MAIN',
        roomZh: '1号演播室',
        roomEn: 'Studio 1',
        titleZh: '第一期培训',
        titleEn: 'Session 1',
        descriptionZh:
          '市卫健委及上海市医院协会领导致辞。首期培训分析抗菌药物监测数据的内涵，指导酶抑制剂合剂的合理使用，部署本市抗菌药物临床应用与管理重点工作，并分享多学科联动促进合理用药和驰援武汉期间抗菌药物合理使用的实践。',
        descriptionEn:
          "Opening addresses by leaders of the Shanghai Municipal Health Commission and the Shanghai Hospital Association. Session 1 analyses what antimicrobial surveillance data mean, gives guidance on the rational use of beta-lactamase inhibitor combinations, sets out Shanghai's priorities for the clinical use and management of antimicrobials, and shares practice in multidisciplinary promotion of rational use and in antimicrobial use during the medical support mission to Wuhan.",
        startsAt: '2026-12-14T08:30:00+08:00',
        endsAt: '2026-12-14T12:10:00+08:00',
        chairs: [
          { speakerKey: 'shao-lin', role: 'GUEST_CHAIR' },
          { speakerKey: 'fu-guodong', role: 'GUEST_CHAIR' },
        ],
        sessions: [
          {
            kind: 'OPENING',
            titleZh: '开班致辞',
            titleEn: 'Opening addresses',
            startsAt: '2026-12-14T08:30:00+08:00',
            endsAt: '2026-12-14T08:45:00+08:00',
            speakerKeys: ['sun-huimin', 'yue-guohua'],
          },
          {
            kind: 'TALK',
            titleZh: '抗菌药物监测数据的内涵解析',
            titleEn: 'What antimicrobial surveillance data mean',
            startsAt: '2026-12-14T08:45:00+08:00',
            endsAt: '2026-12-14T09:25:00+08:00',
            speakerKeys: ['meng-fanchao'],
          },
          {
            kind: 'TALK',
            titleZh: '酶抑制剂合剂的合理使用',
            titleEn: 'Rational use of beta-lactamase inhibitor combinations',
            startsAt: '2026-12-14T09:25:00+08:00',
            endsAt: '2026-12-14T10:05:00+08:00',
            speakerKeys: ['zhong-zhicheng'],
          },
          {
            kind: 'BREAK',
            titleZh: '休息',
            titleEn: 'Break',
            startsAt: '2026-12-14T10:05:00+08:00',
            endsAt: '2026-12-14T10:20:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '本市抗菌药物临床应用与管理及新形势下重点工作部署',
            titleEn: 'Clinical use and management of antimicrobials in Shanghai, and priorities under new conditions',
            startsAt: '2026-12-14T10:20:00+08:00',
            endsAt: '2026-12-14T10:55:00+08:00',
            speakerKeys: ['sun-huimin'],
          },
          {
            kind: 'TALK',
            titleZh: '多学科联动有效促进合理用药的医院实践',
            titleEn: "Multidisciplinary collaboration to promote rational drug use: a hospital's practice",
            startsAt: '2026-12-14T10:55:00+08:00',
            endsAt: '2026-12-14T11:30:00+08:00',
            speakerKeys: ['wei-guoqiang'],
          },
          {
            kind: 'TALK',
            titleZh: '驰援武汉期间抗菌药物合理使用的实践探索',
            titleEn: 'Rational antimicrobial use during the medical support mission to Wuhan',
            startsAt: '2026-12-14T11:30:00+08:00',
            endsAt: '2026-12-14T12:10:00+08:00',
            speakerKeys: ['qi-wenjing', 'he-zhenyu'],
          },
        ],
      },
      {
        slug: 'sub-1-session-2',
        kind: 'SUB',
        roomZh: '1号演播室',
        roomEn: 'Studio 1',
        titleZh: '第二期培训及线上考核',
        titleEn: 'Session 2 and Online Assessment',
        descriptionZh:
          '第二期培训分享遏制抗菌药物滥用与医院精细化管理经验，分析细菌真菌耐药和医院感染监测现状并给予应对策略建议，介绍抗菌药物科学化管理举措及发热感染诊治中的合理用药经验。市临床药事管理质控中心作培训总结，随后师资们进行线上考核。',
        descriptionEn:
          'Session 2 shares experience in curbing antimicrobial misuse through refined hospital management, reviews bacterial and fungal resistance and hospital infection surveillance with recommended responses, and presents scientific antimicrobial management and rational use in diagnosing and treating febrile infections. The Shanghai Clinical Pharmacy Management Quality Control Center gives the closing summary, after which the trainee instructors take the online assessment.',
        startsAt: '2026-12-30T08:30:00+08:00',
        endsAt: '2026-12-30T12:40:00+08:00',
        chairs: [
          { speakerKey: 'shao-lin', role: 'GUEST_CHAIR' },
          { speakerKey: 'wei-guoqiang', role: 'GUEST_CHAIR' },
        ],
        sessions: [
          {
            kind: 'TALK',
            titleZh: '遏制抗菌药物滥用与医院精细化管理',
            titleEn: 'Curbing antimicrobial misuse through refined hospital management',
            startsAt: '2026-12-30T08:30:00+08:00',
            endsAt: '2026-12-30T09:05:00+08:00',
            speakerKeys: ['shen-jiahe'],
          },
          {
            kind: 'TALK',
            titleZh: '本市细菌真菌耐药监测现状与应对策略',
            titleEn: 'Bacterial and fungal resistance surveillance in Shanghai: current situation and responses',
            startsAt: '2026-12-30T09:05:00+08:00',
            endsAt: '2026-12-30T09:40:00+08:00',
            speakerKeys: ['zhong-zhicheng'],
          },
          {
            kind: 'TALK',
            titleZh: '医院感染防控与监测现状及应对策略',
            titleEn: 'Hospital infection prevention, control and surveillance: current situation and responses',
            startsAt: '2026-12-30T09:40:00+08:00',
            endsAt: '2026-12-30T10:15:00+08:00',
            speakerKeys: ['qi-wenjing'],
          },
          {
            kind: 'BREAK',
            titleZh: '休息',
            titleEn: 'Break',
            startsAt: '2026-12-30T10:15:00+08:00',
            endsAt: '2026-12-30T10:30:00+08:00',
            speakerKeys: [],
          },
          {
            kind: 'TALK',
            titleZh: '抗菌药物科学化管理举措',
            titleEn: 'Measures for the scientific management of antimicrobials',
            startsAt: '2026-12-30T10:30:00+08:00',
            endsAt: '2026-12-30T11:05:00+08:00',
            speakerKeys: ['fu-guodong'],
          },
          {
            kind: 'TALK',
            titleZh: '多重诊断和发热感染诊治中抗菌药物的合理使用',
            titleEn: 'Rational antimicrobial use in multiplex diagnostics and in the diagnosis and treatment of febrile infections',
            startsAt: '2026-12-30T11:05:00+08:00',
            endsAt: '2026-12-30T11:45:00+08:00',
            speakerKeys: ['song-yifan', 'he-zhenyu'],
          },
          {
            kind: 'CLOSING',
            titleZh: '培训总结',
            titleEn: 'Closing summary',
            startsAt: '2026-12-30T11:45:00+08:00',
            endsAt: '2026-12-30T12:00:00+08:00',
            speakerKeys: ['fu-guodong'],
          },
          {
            kind: 'OTHER',
            titleZh: '师资线上考核',
            titleEn: 'Online assessment for trainee instructors',
            startsAt: '2026-12-30T12:00:00+08:00',
            endsAt: '2026-12-30T12:40:00+08:00',
            speakerKeys: [],
          },
        ],
      },
    ],
  },
]

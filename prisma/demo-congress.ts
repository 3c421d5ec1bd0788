import { demoSpeakers, type DemoEvent, type DemoForum, type DemoSession } from './demo-data.ts'

/**
 * The largest demo event: "第十七届上海市医院管理学术大会" from seed
 * 001_8fda9f72a31bab70.txt — 1 main forum and 12 sub-forums, 2,600+ participants. The
 * seed names the congress and its theme only; the sub-forum topics come from the same
 * report's list of the association's work, and the programme is generated from a table
 * (7 sessions per sub-forum, 90 sessions in all). Speakers are the fictional demo speakers.
 * Moved to 2026-12-19 so the demo has an upcoming congress.
 */
const DAY = '2026-12-19'
const at = (hhmm: string) => `${DAY}T${hhmm}:00+08:00`

const TOPICS: [string, string][] = [
  ['改善就医感受、提升患者体验', 'Improving the patient experience'],
  ['三级综合医院评审与巡查', 'Accreditation and inspection of tertiary general hospitals'],
  ['临床技术管理', 'Clinical technology management'],
  ['区域性医疗中心建设', 'Building regional medical centres'],
  ['社区卫生服务能力提升', 'Strengthening community health services'],
  ['医院医保管理', 'Health-insurance management in hospitals'],
  ['智慧医院与数据治理', 'Smart hospitals and data governance'],
  ['护理管理与人才培养', 'Nursing management and workforce development'],
  ['公立医院运营管理', 'Operations management of public hospitals'],
  ['学科建设与科研管理', 'Discipline building and research management'],
  ['公共卫生应急管理', 'Public-health emergency management'],
  ['医院文化与患者安全', 'Hospital culture and patient safety'],
]

const keys = demoSpeakers.map((s) => s.key)
const speaker = (i: number) => keys[i % keys.length]!

function session(kind: DemoSession['kind'], titleZh: string, titleEn: string, from: string, to: string, speakerKeys: string[]): DemoSession {
  return { kind, titleZh, titleEn, startsAt: at(from), endsAt: at(to), speakerKeys }
}

const main: DemoForum = {
  slug: 'main',
  kind: 'MAIN',
  roomZh: '7楼 上海厅',
  roomEn: 'Shanghai Hall, 7th floor',
  titleZh: '主论坛：推进现代化医院建设',
  titleEn: 'Main forum: Building modern hospitals',
  descriptionZh: '以“学习贯彻党的二十届三中全会精神，推进现代化医院建设”为主题。',
  descriptionEn: 'Theme: studying the spirit of the Third Plenary Session of the 20th CPC Central Committee and building modern hospitals.',
  startsAt: at('08:30'),
  endsAt: at('12:00'),
  chairs: [
    { speakerKey: speaker(1), role: 'CHAIR' },
    { speakerKey: speaker(7), role: 'GUEST_CHAIR' },
  ],
  sessions: [
    session('OPENING', '开幕致辞', 'Opening address', '08:30', '08:50', [speaker(0)]),
    session('TALK', '现代医院管理制度建设的新要求', 'New requirements for modern hospital management systems', '08:50', '09:30', [speaker(2)]),
    session('TALK', '公立医院高质量发展的实践与思考', 'High-quality development of public hospitals: practice and reflections', '09:30', '10:10', [speaker(3)]),
    session('BREAK', '茶歇', 'Break', '10:10', '10:25', []),
    session('TALK', '医院管理学科发展报告', 'Report on the development of hospital management as a discipline', '10:25', '11:05', [speaker(4)]),
    session('PANEL', '互动讨论：现代化医院的管理创新', 'Panel: management innovation in modern hospitals', '11:05', '12:00', [speaker(5), speaker(6), speaker(8)]),
  ],
}

// Rooms (invented): the sub-forums run in parallel, six rooms a floor on the 4th and 5th floors.
const ordinal = (n: number) => (n === 4 ? '4th' : '5th')
const roomOf = (i: number) => {
  const floor = i < 6 ? 4 : 5
  const room = `${floor}${String((i % 6) + 1).padStart(2, '0')}`
  return { roomZh: `${floor}楼 ${room}会议室`, roomEn: `Room ${room}, ${ordinal(floor)} floor` }
}

const subs: DemoForum[] = TOPICS.map(([zh, en], i) => ({
  slug: `sub-${String(i + 1).padStart(2, '0')}`,
  kind: 'SUB',
  ...roomOf(i),
  titleZh: `分论坛${i + 1}：${zh}`,
  titleEn: `Sub-forum ${i + 1}: ${en}`,
  descriptionZh: `围绕${zh}开展专题交流。`,
  descriptionEn: `Talks and discussion on ${en.toLowerCase()}.`,
  startsAt: at('13:30'),
  endsAt: at('17:30'),
  chairs: [{ speakerKey: speaker(i * 3 + 10), role: 'CHAIR' }],
  sessions: [
    session('OPENING', '致辞', 'Opening address', '13:30', '13:40', [speaker(i * 3 + 10)]),
    session('TALK', `${zh}：政策解读`, `${en}: the policy`, '13:40', '14:15', [speaker(i * 3 + 11)]),
    session('TALK', `${zh}：医院实践分享`, `${en}: practice in hospitals`, '14:15', '14:50', [speaker(i * 3 + 12)]),
    session('TALK', `${zh}：案例与数据`, `${en}: cases and data`, '14:50', '15:25', [speaker(i * 3 + 15)]),
    session('BREAK', '茶歇', 'Break', '15:25', '15:40', []),
    session('PANEL', '互动讨论', 'Panel discussion', '15:40', '16:50', [speaker(i * 3 + 13), speaker(i * 3 + 14)]),
    session('CLOSING', '总结', 'Closing summary', '16:50', '17:30', [speaker(i * 3 + 10)]),
  ],
}))

export const congressEvent: DemoEvent = {
  slug: 'shanghai-hospital-management-congress-2026',
  titleZh: '第十七届上海市医院管理学术大会',
  titleEn: 'The 17th Shanghai Hospital Management Congress',
  summaryZh: '大会以“学习贯彻党的二十届三中全会精神，推进现代化医院建设”为主题，设有 1 个主论坛和 12 个分论坛，吸引本市各级各类医疗机构的管理同道 2600 余人次参与。',
  summaryEn:
    'Themed on building modern hospitals, the congress has 1 main forum and 12 sub-forums and drew more than 2,600 attendances from hospital managers of every kind of medical institution in Shanghai.',
  timeZone: 'Asia/Shanghai',
  startsAt: at('08:30'),
  endsAt: at('17:30'),
  topics: ['hospital-management', 'nursing', 'public-health'],
  organisations: [{ nameZh: '上海市医院协会', nameEn: 'Shanghai Hospital Association', role: 'HOST' }],
  venues: [{ kind: 'MAIN', nameZh: '上海国际会议中心', nameEn: 'Shanghai International Convention Center', city: '上海', address: '浦东新区滨江大道2727号', capacity: 2600 }],
  forums: [main, ...subs],
}

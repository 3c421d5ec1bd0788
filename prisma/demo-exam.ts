import { utcToZonedInput } from '../app/domain/time.ts'
import type { ExamForm } from '../app/schemas/exam.ts'
import { addSurveyQuestion } from '../app/services/surveys/edit-survey-questions.server.ts'
import { importQuestions } from '../app/services/exams/import-questions.server.ts'
import { saveExam } from '../app/services/exams/save-exam.server.ts'
import { saveSurvey } from '../app/services/surveys/save-survey.server.ts'
import type { Db } from '../app/utils/db.server.ts'

/**
 * The demo assessment for the antibiotic-stewardship instructor training (prisma/demo-data.ts,
 * event 3), whose seed story ends with an online assessment (线上考核) that qualifies
 * instructors. The questions are written for the demo from China's antimicrobial
 * stewardship rules (three-tier management, perioperative prophylaxis); they are teaching
 * material, not an official test.
 *
 * - 课前自测 (self-test): random 5 of 10, 10 minutes, answers right after submission. Its
 *   window is 2026-11-01 to 2027-01-31, widened to include the day the demo is first
 *   seeded and the 60 days after, so a fresh demo always has an open exam.
 * - 第二期结业考核 (final): all 10, 30 minutes, for 7 days after session 2 ends, as in the seed.
 * - 培训满意度调查 (evaluation survey), required for the certificate.
 * The demo attendee is registered (free audit ticket) so they can take the self-test.
 * Seeding again changes nothing: each part is skipped when it is already there.
 */
export const DEMO_EXAM_EVENT = 'antibiotic-stewardship-instructor-training-2026'
export const DEMO_SELF_TEST_TITLE = '抗菌药物合理应用课前自测'

export const DEMO_BANK_GIFT = `
$CATEGORY: 抗菌药物临床合理应用师资培训

// [tag:分级管理]
::分级管理::根据《抗菌药物临床应用管理办法》，抗菌药物实行几级管理？{
  =三级：非限制使用级、限制使用级、特殊使用级
  ~两级：限制使用级、非限制使用级
  ~四级
  ~不分级，由医师自行决定
  ####抗菌药物按安全性、疗效、细菌耐药性和价格等因素分为三级管理。
}

// [tag:分级管理]
::特殊使用级处方权::特殊使用级抗菌药物的处方权一般授予哪类医师？{
  =具有高级专业技术职务任职资格的医师
  ~所有取得执业资格的医师
  ~住院医师
  ~药师
}

// [tag:分级管理]
::门诊特殊使用级::门诊医师可以直接开具特殊使用级抗菌药物处方。{F#特殊使用级抗菌药物不得在门诊使用。}

// [tag:围手术期]
::预防用药时机::清洁手术（Ⅰ类切口）预防用抗菌药物，一般在什么时候给药？{
  =切开皮肤前 0.5～1 小时内
  ~手术前一天晚上
  ~手术结束回病房后
  ~术后第一天
}

// [tag:围手术期]
::预防用药疗程::清洁手术预防用抗菌药物的时间一般不超过多少小时？{#24}

// [tag:合理用药]
::合理使用原则::以下哪些属于抗菌药物合理使用的基本原则？{
  ~%50%有明确感染指征时才使用
  ~%50%尽量依据病原学检查和药敏结果选药
  ~%-100%普通病毒性感冒常规使用
  ~%-100%首选最广谱的药物
}

// [tag:合理用药]
::过敏史::使用青霉素类药物前应详细询问患者的过敏史。{T}

// [tag:合理用药]
::万古霉素::万古霉素属于哪一类抗菌药物？（填写类别名称）{=糖肽类 =糖肽类抗生素 =glycopeptide =glycopeptides}

// [tag:耐药监测]
::MRSA::细菌耐药监测中，MRSA 指的是？{
  =耐甲氧西林金黄色葡萄球菌
  ~耐万古霉素肠球菌
  ~产超广谱β-内酰胺酶大肠埃希菌
  ~耐碳青霉烯类肺炎克雷伯菌
}

// [tag:耐药监测]
::使用率指标::住院患者抗菌药物使用率一般应不超过百分之多少？（填写数字）{#60}
`

const DAY = 24 * 3600_000
const zone = 'Asia/Shanghai'

export async function seedDemoExam(db: Db, now: Date = new Date()) {
  const event = await db.event.findUnique({ where: { slug: DEMO_EXAM_EVENT }, select: { id: true, forums: { where: { kind: 'SUB' }, select: { id: true, endsAt: true } } } })
  if (!event) return
  if ((await db.question.count({ where: { eventId: event.id } })) === 0) {
    await importQuestions(db, { eventId: event.id, format: 'gift', text: DEMO_BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
  }
  const questionIds = (await db.question.findMany({ where: { eventId: event.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } })).map((q) => q.id)

  const base: Omit<ExamForm, 'titleZh' | 'titleEn' | 'opensAt' | 'closesAt'> = {
    instructionsZh: '',
    instructionsEn: '',
    forumId: '',
    sessionId: '',
    timeLimitMinutes: 10,
    attemptsAllowed: 3,
    gradingMethod: 'HIGHEST',
    passPercent: 60,
    selection: 'FIXED',
    questionIds,
    pools: [],
    shuffleQuestions: true,
    shuffleOptions: true,
    showAnswers: 'AFTER_SUBMISSION',
    minAttendedMinutes: null,
    published: true,
  }
  const exists = async (titleZh: string) => (await db.exam.count({ where: { eventId: event.id, titleZh } })) > 0

  if (!(await exists(DEMO_SELF_TEST_TITLE))) {
    const opensAt = new Date(Math.min(Date.parse('2026-11-01T00:00:00+08:00'), now.getTime() - DAY))
    const closesAt = new Date(Math.max(Date.parse('2027-01-31T23:59:00+08:00'), now.getTime() + 60 * DAY))
    await saveExam(db, {
      eventId: event.id,
      form: {
        ...base,
        titleZh: DEMO_SELF_TEST_TITLE,
        titleEn: 'Self-test: rational use of antimicrobials',
        instructionsZh: '从题库随机抽取 5 题，限时 10 分钟，可作答 3 次，交卷后即可查看答案与解析。',
        instructionsEn: 'Five questions drawn at random, 10 minutes, 3 attempts; answers and explanations right after you submit.',
        opensAt: utcToZonedInput(opensAt, zone),
        closesAt: utcToZonedInput(closesAt, zone),
        selection: 'RANDOM',
        questionIds: [],
        pools: [
          { tag: '分级管理', count: 2 },
          { tag: '围手术期', count: 1 },
          { tag: '合理用药', count: 1 },
          { tag: '耐药监测', count: 1 },
        ],
      },
    })
  }

  const finalTitle = '第二期结业线上考核'
  const session2 = event.forums[0]
  if (session2 && !(await exists(finalTitle))) {
    await saveExam(db, {
      eventId: event.id,
      form: {
        ...base,
        titleZh: finalTitle,
        titleEn: 'Final online assessment (session 2)',
        instructionsZh: '通过者获得上海市抗菌药物临床合理应用师资资格。考核截止后公布答案。',
        instructionsEn: 'Passing qualifies you as a Shanghai instructor in the rational clinical use of antimicrobials. Answers are published when the assessment closes.',
        forumId: session2.id,
        opensAt: utcToZonedInput(session2.endsAt, zone),
        closesAt: utcToZonedInput(new Date(session2.endsAt.getTime() + 7 * DAY), zone),
        timeLimitMinutes: 30,
        attemptsAllowed: 2,
        showAnswers: 'AFTER_CLOSE',
      },
    })
  }

  const surveyTitle = '培训满意度调查'
  if ((await db.survey.count({ where: { eventId: event.id, titleZh: surveyTitle } })) === 0) {
    const survey = await saveSurvey(db, {
      eventId: event.id,
      form: { titleZh: surveyTitle, titleEn: 'Training evaluation', forumId: '', opensAt: '', closesAt: '', requiredForCertificate: true, published: true },
    })
    const questions = [
      { type: 'LIKERT', textZh: '您对本次培训的总体满意度', textEn: 'Overall, how satisfied are you with the training?', options: [], required: true },
      { type: 'LIKERT', textZh: '培训内容对您的工作是否有帮助', textEn: 'How useful is the content for your work?', options: [], required: true },
      { type: 'LIKERT', textZh: '直播平台的观看体验', textEn: 'How was watching on the live platform?', options: [], required: true },
      {
        type: 'SINGLE_CHOICE',
        textZh: '您主要通过什么设备观看？',
        textEn: 'What did you mostly watch on?',
        options: [
          { zh: '手机', en: 'Phone' },
          { zh: '电脑', en: 'Computer' },
          { zh: '分会场大屏', en: 'Branch venue screen' },
        ],
        required: true,
      },
      {
        type: 'MULTIPLE_CHOICE',
        textZh: '您希望下次培训增加哪些内容？',
        textEn: 'What would you like more of next time?',
        options: [
          { zh: '病例讨论', en: 'Case discussions' },
          { zh: '耐药监测数据解读', en: 'Reading resistance data' },
          { zh: '信息化管理工具', en: 'Management software' },
        ],
        required: false,
      },
      { type: 'FREE_TEXT', textZh: '其他意见和建议', textEn: 'Any other comments', options: [], required: false },
    ] as const
    for (const q of questions) await addSurveyQuestion(db, { eventId: event.id, surveyId: survey.id, form: { ...q, options: [...q.options] } })
  }

  // The demo attendee holds a free audit seat, so the demo has someone to take the self-test.
  const attendee = await db.user.findUnique({ where: { email: 'attendee@demo.cme-forum.org' }, select: { id: true } })
  const audit = await db.ticketType.findFirst({ where: { eventId: event.id, priceNonMember: 0 }, orderBy: { position: 'desc' }, select: { id: true } })
  if (attendee && audit && !(await db.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: attendee.id } }, select: { id: true } }))) {
    await db.$transaction([
      db.ticketType.update({ where: { id: audit.id }, data: { seatsTaken: { increment: 1 } } }),
      db.registration.create({ data: { eventId: event.id, ticketTypeId: audit.id, userId: attendee.id, status: 'CONFIRMED', confirmedAt: now, answers: { institution: '上海市第六人民医院' } } }),
    ])
  }
}

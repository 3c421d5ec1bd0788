// Certificates (issue 7 target: 5,200 certificates — the seed's yearly count of people who
// passed — in under 60 s, each PDF under 100 KB). Reports, in the same run:
//   1. issue: the staff batch path (runCertificateBatch): compute credit from the ledger,
//      exam and evaluation evidence, sign the code, write certificate + audit row;
//   2. render: the PDF of every issued certificate, loaded from the database (the download path);
//   3. bare pdfkit: the same page drawn from ready data, no database, as the floor.
// Usage: npx tsx bench/certificates.ts [count]   (default 5200)
//   DATABASE_URL=postgresql://… runs on a scratch database of that server; otherwise on a
//   scratch embedded PostgreSQL. Prints figures; asserts nothing.
import { generateKeyPairSync } from 'node:crypto'
import os from 'node:os'
import { performance } from 'node:perf_hooks'

process.env.LOG_LEVEL ??= 'warn'
const count = Number(process.argv[2] ?? 5200)
if (!Number.isInteger(count) || count <= 0) {
  console.error('usage: npx tsx bench/certificates.ts [count]')
  process.exit(2)
}
const { createPrisma } = await import('../app/utils/db.server.ts')
const { scratchDatabase } = await import('./scratch-database.ts')
const { createCertificateBatch, runCertificateBatch } = await import('../app/services/credits/run-certificate-batch.server.ts')
const { getCertificatePage } = await import('../app/services/credits/get-certificate-pdf.server.ts')
const { renderCertificatePdf } = await import('../app/services/credits/certificate-pdf.server.ts')

const cleanups: (() => Promise<unknown>)[] = []

const stats = (sizes: number[]) => {
  const sorted = [...sizes].sort((a, b) => a - b)
  const kb = (n: number) => (n / 1024).toFixed(1)
  return `min ${kb(sorted[0]!)} KB · median ${kb(sorted[Math.floor(sorted.length / 2)]!)} KB · max ${kb(sorted.at(-1)!)} KB · over 100 KB: ${sorted.filter((s) => s >= 100 * 1024).length}`
}

const database = await scratchDatabase('certs', { maxConnections: 20, cleanups })
const db = createPrisma(database.url, 4)
cleanups.push(() => db.$disconnect())
console.log(`database: ${database.label}; certificates: ${count}; node ${process.version}; ${os.cpus().length} cores`)
try {
  // ------------------------------------------------------------ setup (not timed)
  const T = (hhmm: string) => new Date(`2026-04-18T${hhmm}:00+08:00`)
  const event = await db.event.create({
    data: {
      slug: 'bench-certificates',
      titleZh: '抗菌药物临床合理应用师资培训班',
      titleEn: 'Antimicrobial Stewardship Instructor Training',
      startsAt: T('09:00'),
      endsAt: T('12:15'),
      status: 'ARCHIVED',
      forums: { create: { slug: 'main', kind: 'MAIN', titleZh: '主论坛', titleEn: 'Main', startsAt: T('09:00'), endsAt: T('12:15'), liveStartedAt: T('09:00'), liveEndedAt: T('12:15') } },
    },
    include: { forums: true },
  })
  const forumId = event.forums[0]!.id
  await db.session.createMany({
    data: [
      { forumId, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: T('09:00'), endsAt: T('10:30') },
      { forumId, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: T('10:45'), endsAt: T('12:15') },
    ],
  })
  const ticket = await db.ticketType.create({ data: { eventId: event.id, nameZh: '报名', nameEn: 'Registration' } })
  const exam = await db.exam.create({ data: { eventId: event.id, titleZh: '考核', titleEn: 'Exam', opensAt: T('12:15'), closesAt: T('23:00'), timeLimitMinutes: 20, published: true } })
  const survey = await db.survey.create({ data: { eventId: event.id, titleZh: '评估', titleEn: 'Evaluation', published: true, requiredForCertificate: true } })
  const rule = await db.creditRule.create({
    data: {
      eventId: event.id,
      nameZh: '国家级Ⅰ类学分',
      nameEn: 'National Class I',
      scheme: 'CN_CME_CLASS_I',
      mode: 'FIXED',
      credits: 4,
      sources: ['LIVE', 'VENUE'],
      minAttendedRatio: 0.8,
      requireExamPassed: true,
      requireEvaluation: true,
      projectNumber: '2026-04-05-012(国)',
      projectLevel: 'NATIONAL',
    },
  })
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英'
  for (let i = 0; i < count; i += 1000) {
    const n = Math.min(1000, count - i)
    const users = Array.from({ length: n }, (_, k) => ({
      id: `bu${i + k}`,
      email: `b${i + k}@bench.local`,
      passwordHash: 'x',
      realName: surnames[(i + k) % surnames.length]! + given[(i + k) % given.length]! + given[((i + k) * 7) % given.length]!,
    }))
    await db.user.createMany({ data: users })
    await db.registration.createMany({ data: users.map((u) => ({ id: `br${u.id}`, eventId: event.id, ticketTypeId: ticket.id, userId: u.id, status: 'CONFIRMED' as const })) })
    await db.attendanceEvent.createMany({
      data: users.flatMap((u) => [
        { registrationId: `br${u.id}`, forumId, kind: 'VENUE_ENTRY' as const, source: 'VENUE' as const, receivedAt: T('08:55'), nonce: 'in' },
        { registrationId: `br${u.id}`, forumId, kind: 'VENUE_EXIT' as const, source: 'VENUE' as const, receivedAt: T('12:10'), nonce: 'out' },
      ]),
    })
    await db.examAttempt.createMany({
      data: users.map((u) => ({
        examId: exam.id,
        registrationId: `br${u.id}`,
        number: 1,
        status: 'SUBMITTED' as const,
        active: null,
        seed: 's',
        startedAt: T('12:20'),
        deadline: T('12:40'),
        percentage: 85,
        passed: true,
        ipAddresses: [],
        userAgents: [],
      })),
    })
    await db.surveyCompletion.createMany({ data: users.map((u) => ({ surveyId: survey.id, registrationId: `br${u.id}` })) })
  }
  const keys = generateKeyPairSync('ed25519')

  // ------------------------------------------------------------ 1. issue
  const batch = await createCertificateBatch(db, { eventId: event.id, ruleId: rule.id, actor: {} })
  let t0 = performance.now()
  const done = await runCertificateBatch(db, batch.id, { now: new Date('2026-04-20T00:00:00Z'), keys })
  const issueMs = performance.now() - t0
  console.log(
    `issue (batch: evidence → computeCredits → Ed25519 → certificate + audit row): ${done.issued} issued, ${done.skipped} skipped, ${done.failed} failed in ${(issueMs / 1000).toFixed(2)} s = ${(done.issued / (issueMs / 1000)).toFixed(0)} certificates/s`,
  )

  // ------------------------------------------------------------ 2. render from the database
  const ids = (await db.certificate.findMany({ where: { ruleId: rule.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id)
  const sizes: number[] = []
  let sample: Awaited<ReturnType<typeof getCertificatePage>> | undefined
  t0 = performance.now()
  for (const id of ids) {
    const page = await getCertificatePage(db, id, { origin: 'https://cme.example.org' })
    sample ??= page
    sizes.push((await renderCertificatePdf(page)).length)
  }
  const renderMs = performance.now() - t0
  console.log(`render from the database (load + pdfkit + QR): ${ids.length} PDFs in ${(renderMs / 1000).toFixed(2)} s = ${(ids.length / (renderMs / 1000)).toFixed(0)} PDFs/s; sizes ${stats(sizes)}`)

  // ------------------------------------------------------------ 3. bare pdfkit, same page
  const bareSizes: number[] = []
  t0 = performance.now()
  for (let i = 0; i < ids.length; i++) bareSizes.push((await renderCertificatePdf({ ...sample!, certificateNumber: ids[i]!.toUpperCase() })).length)
  const bareMs = performance.now() - t0
  console.log(`bare pdfkit (same page, ready data): ${ids.length} PDFs in ${(bareMs / 1000).toFixed(2)} s = ${(ids.length / (bareMs / 1000)).toFixed(0)} PDFs/s; sizes ${stats(bareSizes)}`)
  const total = issueMs + renderMs
  console.log(
    `issue + PDF end to end: ${(total / 1000).toFixed(2)} s for ${ids.length} = ${(ids.length / (total / 1000)).toFixed(0)} certificates/s (bare pdfkit alone would take ${((bareMs / total) * 100).toFixed(0)}% of that: end to end is ${(total / bareMs).toFixed(2)}× bare)`,
  )
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => undefined)
}

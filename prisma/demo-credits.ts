import type { Db } from '../app/utils/db.server.ts'

/**
 * The credits demo (issue 7): last spring's session of the antibiotic-stewardship instructor
 * training, now archived. The demo attendee attended it live (a seeded attendance ledger),
 * passed its online assessment and completed the evaluation, so the Class I rule of this
 * national project is met and the certificate is issued on first visit to "My credits".
 * Idempotent: does nothing once the event exists.
 */
export const DEMO_CREDITS_EVENT = 'antibiotic-stewardship-instructor-training-2026-spring'

const at = (hhmm: string) => new Date(`2026-04-18T${hhmm}:00+08:00`)

export async function seedDemoCredits(db: Db) {
  if (await db.event.findUnique({ where: { slug: DEMO_CREDITS_EVENT }, select: { id: true } })) return
  const attendee = await db.user.findUnique({ where: { email: 'attendee@demo.cme-forum.org' }, select: { id: true } })
  await db.$transaction(
    async (tx) => {
      const event = await tx.event.create({
        data: {
          slug: DEMO_CREDITS_EVENT,
          titleZh: '抗菌药物临床合理应用师资培训班（春季班）',
          titleEn: 'Antimicrobial Stewardship Instructor Training (spring session)',
          summaryZh: '国家级继续医学教育项目：两节专题报告、线上考核与满意度调查，合格者授予Ⅰ类学分。',
          summaryEn: 'A national CME project: two lectures, an online assessment and an evaluation; Class I credit for those who pass.',
          startsAt: at('09:00'),
          endsAt: at('12:15'),
          status: 'ARCHIVED',
          topics: ['pharmacy', 'infection-control'],
          forums: {
            create: {
              slug: 'main',
              kind: 'MAIN',
              titleZh: '主论坛',
              titleEn: 'Main forum',
              startsAt: at('09:00'),
              endsAt: at('12:15'),
              liveStatus: 'ENDED',
              liveStartedAt: at('09:00'),
              liveEndedAt: at('12:15'),
              // The live-status log credit follows (issue 14): it ran as scheduled.
              liveStatusChanges: {
                create: [
                  { from: 'OFFLINE', to: 'LIVE', at: at('09:00') },
                  { from: 'LIVE', to: 'ENDED', at: at('12:15') },
                ],
              },
            },
          },
        },
        include: { forums: true },
      })
      const forumId = event.forums[0]!.id
      await tx.session.createMany({
        data: [
          { forumId, kind: 'TALK', titleZh: '抗菌药物分级管理与处方点评', titleEn: 'Tiered antimicrobial management and prescription review', startsAt: at('09:00'), endsAt: at('10:30'), position: 0 },
          { forumId, kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: at('10:30'), endsAt: at('10:45'), position: 1 },
          { forumId, kind: 'TALK', titleZh: '多重耐药菌感染防控实践', titleEn: 'Preventing multidrug-resistant infections in practice', startsAt: at('10:45'), endsAt: at('12:15'), position: 2 },
        ],
      })
      await tx.creditRule.create({
        data: {
          eventId: event.id,
          nameZh: '国家级继续医学教育Ⅰ类学分',
          nameEn: 'National CME Class I credit',
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
      const exam = await tx.exam.create({
        data: {
          eventId: event.id,
          titleZh: '培训结业考核',
          titleEn: 'Final assessment',
          opensAt: at('12:15'),
          closesAt: new Date('2026-04-25T00:00:00+08:00'),
          timeLimitMinutes: 20,
          passPercent: 60,
          published: true,
        },
      })
      const survey = await tx.survey.create({ data: { eventId: event.id, titleZh: '培训满意度调查', titleEn: 'Training evaluation', requiredForCertificate: true, published: true } })
      if (!attendee) return
      const ticket = await tx.ticketType.create({ data: { eventId: event.id, nameZh: '师资培训报名', nameEn: 'Instructor training' } })
      const registration = await tx.registration.create({
        data: { eventId: event.id, ticketTypeId: ticket.id, userId: attendee.id, status: 'CONFIRMED', confirmedAt: new Date('2026-04-01T10:00:00+08:00') },
      })
      // Watched live from 09:00 to 12:10 with a heartbeat every 30 s: 175 of the 180 credited minutes
      // (190 online, the break included: staff analytics show both, each under its own label).
      const rows = []
      const end = at('12:10').getTime()
      for (let t = at('09:00').getTime(), i = 0; t <= end; t += 30_000, i++) {
        rows.push({
          registrationId: registration.id,
          forumId,
          kind: i === 0 ? ('JOIN' as const) : t === end ? ('LEAVE' as const) : ('HEARTBEAT' as const),
          source: 'LIVE' as const,
          receivedAt: new Date(t),
          nonce: `demo-${i}`,
        })
      }
      await tx.attendanceEvent.createMany({ data: rows })
      await tx.examAttempt.create({
        data: {
          examId: exam.id,
          registrationId: registration.id,
          number: 1,
          status: 'SUBMITTED',
          active: null,
          seed: 'demo',
          startedAt: at('12:30'),
          deadline: at('12:50'),
          submittedAt: at('12:44'),
          points: 9,
          maxPoints: 10,
          percentage: 90,
          passed: true,
          gradedAt: at('12:44'),
          gradings: 1,
          ipAddresses: [],
          userAgents: [],
        },
      })
      await tx.surveyCompletion.create({ data: { surveyId: survey.id, registrationId: registration.id } })
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}

import { generateKeyPairSync, randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { NUMBER_LOOKUP_LIMITS } from '../../app/domain/certificate-number.ts'
import { action as verifyAction } from '../../app/routes/verify._index.tsx'
import { issueCertificate } from '../../app/services/credits/issue-certificate.server.ts'
import { reissueCertificate } from '../../app/services/credits/reissue-certificate.server.ts'
import { revokeCertificate } from '../../app/services/credits/revoke-certificate.server.ts'
import { INVALID_SCOPE, verifyCertificate, verifyCertificateByNumber, type NumberLookup } from '../../app/services/credits/verify-certificate.server.ts'
import { AppError } from '../../app/utils/app-error.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

// The route reads the process-wide client, as in the server.
process.env.DATABASE_URL = testDatabaseUrl()

const db = testDb()
const keys = generateKeyPairSync('ed25519')
const staff = { userId: null, ipAddress: '203.0.113.9', userAgent: 'vitest' }
const AFTER = new Date('2027-03-02T00:00:00Z')
const NOW = new Date('2027-04-01T08:00:00Z')
const TODAY = new Date('2027-04-01T00:00:00Z')

/** A client address never used before in this run: the counters live in the shared store. */
const run = randomInt(0, 256)
let addresses = 0
const freshAddress = () => `10.${run}.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`

let eventId = ''
let ruleId = ''
let ticketTypeId = ''

/** A person with a certificate issued by staff (override: this test is about verifying, not earning). */
async function certified(realName: string) {
  const [userId] = await createUsers(db, 1, 'verify')
  await db.user.update({ where: { id: userId! }, data: { realName } })
  const registration = await db.registration.create({ data: { eventId, ticketTypeId, userId: userId!, status: 'CONFIRMED', confirmedAt: AFTER } })
  const outcome = await issueCertificate(db, { ruleId, registrationId: registration.id, now: AFTER, keys, actor: staff, override: { reason: 'Attended at the venue', credits: 4 } })
  if (outcome.status !== 'issued') throw new Error(`expected an issue, got ${outcome.status}`)
  return { ...outcome, number: outcome.certificateId.toUpperCase() }
}

/**
 * The certificate with its id's first characters after the "c" replaced with `lookAlikes`, so
 * its printed number holds them. Ids are random; the foreign keys to it follow the change.
 */
async function withNumber(cert: Awaited<ReturnType<typeof certified>>, lookAlikes: string) {
  const id = `c${lookAlikes}${cert.certificateId.slice(1 + lookAlikes.length)}`
  await db.$executeRaw`UPDATE "Certificate" SET id = ${id} WHERE id = ${cert.certificateId}`
  return { ...cert, certificateId: id, number: id.toUpperCase() }
}

/** A look-up that reports a refusal by its code instead of throwing. */
async function lookUp(lookup: NumberLookup, ipAddress: string | null = freshAddress()) {
  try {
    return await verifyCertificateByNumber(db, lookup, { ipAddress }, NOW)
  } catch (error) {
    if (error instanceof AppError) return { outcome: error.code, certificate: null, refused: error.code, retryAfterMs: error.details?.retryAfterMs as number }
    throw error
  }
}

const tally = (outcomes: { outcome: string }[]) => outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.outcome]: (acc[o.outcome] ?? 0) + 1 }), {})

const counted = (certificateId: string | null, outcome: string) =>
  db.certificateVerification.findFirst({ where: { day: TODAY, scope: certificateId ?? INVALID_SCOPE, outcome: outcome as never }, select: { lookups: true } }).then((row) => row?.lookups ?? 0)

beforeAll(async () => {
  const event = await createEvent(db, { startsAt: new Date('2027-03-01T01:00:00Z') })
  eventId = event.id
  ticketTypeId = (await createTicketType(db, eventId)).id
  const host = await db.organisation.upsert({ where: { nameZh: '浙江省医院协会' }, create: { nameZh: '浙江省医院协会', nameEn: 'Zhejiang Hospital Association' }, update: {} })
  await db.eventOrganisation.create({ data: { eventId, organisationId: host.id, role: 'HOST' } })
  ruleId = (
    await db.creditRule.create({
      data: { eventId, nameZh: '国家级Ⅰ类学分', nameEn: 'National Class I', scheme: 'CN_CME_CLASS_I', mode: 'FIXED', credits: 4, sources: ['LIVE', 'VENUE'], minAttendedMinutes: 120 },
    })
  ).id
})

afterAll(async () => {
  await db.$disconnect()
})

describe('looking a certificate up by its printed number and the holder name', () => {
  test('the number as printed and the full name: valid, with number, holder, activity and its dates, credits, issuer; counted', async () => {
    const cert = await certified('陈静')
    const result = await lookUp({ number: cert.number, name: '陈静' })
    expect(result).toMatchObject({
      outcome: 'VALID',
      certificate: {
        number: cert.number,
        holderName: '陈静',
        activityStartsAt: '2027-03-01T01:00:00.000Z',
        activityEndsAt: '2027-03-01T09:00:00.000Z',
        ruleZh: '国家级Ⅰ类学分',
        credits: 4,
        scheme: 'CN_CME_CLASS_I',
        issuerZh: '浙江省医院协会',
        status: 'VALID',
        revokedReason: null,
        timeZone: 'Asia/Shanghai',
      },
    })
    expect(await counted(cert.certificateId, 'VALID')).toBe(1)
    // The QR path shows the same number.
    expect((await verifyCertificate(db, cert.code, keys)).certificate?.number).toBe(cert.number)
  })

  test('typed as people type it: lower case, spaces, hyphens, full-width, the family name only', async () => {
    const cert = await certified('欧阳娜娜')
    const spaced = cert.number.replace(/(.{4})/g, '$1 ').toLowerCase()
    const hyphenated = cert.number.replace(/(.{5})/g, '$1-')
    const fullWidth = [...cert.number].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
    for (const [number, name] of [
      [spaced, '欧阳'],
      [hyphenated, '欧阳娜娜'],
      [fullWidth, ' 欧阳 娜娜 '],
      [`https://cme.example.org/verify/${cert.number}`, '欧阳'],
    ] as const) {
      expect((await lookUp({ number, name })).outcome, `${number} / ${name}`).toBe('VALID')
    }
    expect(await counted(cert.certificateId, 'VALID')).toBe(4)
  })

  test('look-alike characters: O for 0, l or I for 1 still find the certificate, however many the number holds', async () => {
    // Ids are random; each of these is given its look-alikes (any of them may be printed), from
    // one to fourteen: a number with eight of them once had 864 spellings, past the old limit of 256.
    for (const [name, lookAlikes] of [
      ['王芳', 'o'],
      ['李强', '0il1'],
      ['张伟', 'o0i1l0o1'],
      ['刘洋', '0o1il0o1il0o1i'],
    ] as const) {
      const cert = await withNumber(await certified(name), lookAlikes)
      const misread = cert.number.replace(/[01OIL]/g, (c) => ({ '0': 'O', O: '0', '1': 'l', I: 'L', L: '1' })[c]!)
      expect(misread).not.toBe(cert.number)
      expect(await lookUp({ number: misread, name }), misread).toMatchObject({ outcome: 'VALID', certificate: { number: cert.number, holderName: name } })
      // A misread number with the wrong name is still a failure.
      expect((await lookUp({ number: misread, name: '钱' })).outcome).toBe('INVALID')
    }
  })

  test('a wrong name gets exactly the answer of a number that does not exist, and is counted against the certificate', async () => {
    const cert = await certified('赵敏')
    const invalidBefore = await counted(null, 'INVALID')
    const wrongName = await lookUp({ number: cert.number, name: '钱' })
    const givenName = await lookUp({ number: cert.number, name: '敏' })
    const noSuchNumber = await lookUp({ number: 'CZZZZZZZZZZZZZZZZZZZZ', name: '赵敏' })
    expect(wrongName).toEqual({ outcome: 'INVALID', certificate: null })
    expect(givenName).toEqual(wrongName)
    expect(noSuchNumber).toEqual(wrongName)
    expect(await counted(cert.certificateId, 'NAME_MISMATCH')).toBe(2)
    expect(await counted(cert.certificateId, 'VALID')).toBe(0)
    expect(await counted(null, 'INVALID')).toBe(invalidBefore + 1)
  })

  test('revoked: the date and the reason; superseded: the new number and a link to the new version', async () => {
    const revoked = await certified('孙悦')
    await revokeCertificate(db, { certificateId: revoked.certificateId, reason: '复核发现签到记录有误', actor: staff, now: new Date('2027-03-05T02:00:00Z') })
    expect(await lookUp({ number: revoked.number, name: '孙' })).toMatchObject({
      outcome: 'REVOKED',
      certificate: { status: 'REVOKED', revokedAt: '2027-03-05T02:00:00.000Z', revokedReason: '复核发现签到记录有误' },
    })
    expect(await counted(revoked.certificateId, 'REVOKED')).toBe(1)

    const first = await certified('孙丽')
    const second = await reissueCertificate(db, { certificateId: first.certificateId, reason: 'Credits corrected', actor: staff, keys, now: AFTER })
    expect(await lookUp({ number: first.number, name: '孙丽' })).toMatchObject({
      outcome: 'SUPERSEDED',
      certificate: { supersededByCode: second.code, supersededByNumber: second.certificateId.toUpperCase(), revokedReason: null },
    })
  })
})

describe('rate limits of the look-up by number', () => {
  test(`one number: after ${NUMBER_LOOKUP_LIMITS.failuresPerNumber} wrong names from anywhere, it is refused for everyone, even with the right name; other numbers are not`, async () => {
    const cert = await certified('冯蕾')
    const other = await certified('韩梅')
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.failuresPerNumber; i++) expect((await lookUp({ number: cert.number, name: `猜${i}` })).outcome).toBe('INVALID')
    const refused = await lookUp({ number: cert.number.toLowerCase(), name: '冯蕾' })
    expect(refused).toMatchObject({ refused: 'rate_limited' })
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0)
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(NUMBER_LOOKUP_LIMITS.windowSec * 1000)
    // A refused look-up is not answered, so not counted as a verification.
    expect(await counted(cert.certificateId, 'VALID')).toBe(0)
    expect(await counted(cert.certificateId, 'NAME_MISMATCH')).toBe(NUMBER_LOOKUP_LIMITS.failuresPerNumber)
    expect((await lookUp({ number: other.number, name: '韩梅' })).outcome).toBe('VALID')
  })

  test(`one address: after ${NUMBER_LOOKUP_LIMITS.failuresPerAddress} failed look-ups it is refused; right answers do not count as failures; other addresses go on`, async () => {
    const cert = await certified('周杰')
    const address = freshAddress()
    // Right answers first: many of them leave the failure count alone.
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.failuresPerAddress + 5; i++) expect((await lookUp({ number: cert.number, name: '周' }, address)).outcome).toBe('VALID')
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.failuresPerAddress; i++) {
      expect((await lookUp({ number: `CNOSUCHNUMBER${String(i).padStart(8, 'X')}`, name: '周杰' }, address)).outcome).toBe('INVALID')
    }
    expect(await lookUp({ number: cert.number, name: '周杰' }, address)).toMatchObject({ refused: 'rate_limited' })
    expect((await lookUp({ number: cert.number, name: '周杰' }, freshAddress())).outcome).toBe('VALID')
  })

  test(`one address: at most ${NUMBER_LOOKUP_LIMITS.lookupsPerAddress} look-ups an hour, right or wrong`, async () => {
    const cert = await certified('吴昊')
    const address = freshAddress()
    const outcomes = []
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.lookupsPerAddress + 3; i++) outcomes.push(await lookUp({ number: cert.number, name: i % 2 ? '吴' : '吴昊' }, address))
    expect(tally(outcomes)).toEqual({ VALID: NUMBER_LOOKUP_LIMITS.lookupsPerAddress, rate_limited: 3 })
  })

  test('wrong names fired at one number all at once: exactly the limit is checked, the rest refused', async () => {
    const cert = await certified('郑爽')
    const outcomes = await Promise.all(Array.from({ length: 3 * NUMBER_LOOKUP_LIMITS.failuresPerNumber }, (_, i) => lookUp({ number: cert.number, name: `猜${i}` })))
    expect(tally(outcomes)).toEqual({ INVALID: NUMBER_LOOKUP_LIMITS.failuresPerNumber, rate_limited: 2 * NUMBER_LOOKUP_LIMITS.failuresPerNumber })
    expect(await counted(cert.certificateId, 'NAME_MISMATCH')).toBe(NUMBER_LOOKUP_LIMITS.failuresPerNumber)
  })

  test('right answers fired at one number all at once are never locked out for the hour', async () => {
    const cert = await certified('王磊')
    await Promise.all(Array.from({ length: 40 }, () => lookUp({ number: cert.number, name: '王磊' })))
    // Whatever a burst met in flight, afterwards nothing is left counted against the number.
    expect((await lookUp({ number: cert.number, name: '王' })).outcome).toBe('VALID')
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.failuresPerNumber; i++) expect((await lookUp({ number: cert.number, name: `猜${i}` })).outcome).toBe('INVALID')
  })
})

describe('the /verify form action', () => {
  const post = (fields: Record<string, string>, ip = freshAddress()) =>
    verifyAction({
      request: new Request('http://localhost/verify?index', { method: 'POST', body: new URLSearchParams(fields), headers: { 'x-cme-client-ip': ip } }),
      params: {},
      context: {},
    }) as unknown as Promise<{ init: { status?: number; headers?: Record<string, string> } | null; data: Record<string, unknown> }>

  test('answers 200 with the certificate, 404 with nothing for a wrong name, 422 for a malformed number, 429 with Retry-After when limited', async () => {
    const cert = await certified('许晴')
    const ok = await post({ number: cert.number, name: '许' })
    expect(ok.init?.status ?? 200).toBe(200)
    expect(ok.data).toMatchObject({ kind: 'result', outcome: 'VALID', certificate: { number: cert.number, holderName: '许晴' } })

    const wrong = await post({ number: cert.number, name: '王' })
    expect(wrong.init?.status).toBe(404)
    expect(wrong.data).toEqual({ kind: 'result', outcome: 'INVALID', certificate: null, values: { number: cert.number, name: '王' } })

    const malformed = await post({ number: '证书', name: '许晴' })
    expect(malformed.init?.status).toBe(422)
    expect(malformed.data).toMatchObject({ kind: 'form', errors: { number: 'credits.verify.numberFormat' } })

    const address = freshAddress()
    for (let i = 0; i < NUMBER_LOOKUP_LIMITS.failuresPerAddress; i++) await post({ number: `CNOSUCH${String(i).padStart(10, 'X')}`, name: '许晴' }, address)
    const limited = await post({ number: cert.number, name: '许晴' }, address)
    expect(limited.init?.status).toBe(429)
    expect(Number(new Headers(limited.init?.headers).get('Retry-After'))).toBeGreaterThan(0)
    expect(limited.data).toMatchObject({ kind: 'form', code: 'rate_limited', values: { number: cert.number, name: '许晴' } })
  })
})

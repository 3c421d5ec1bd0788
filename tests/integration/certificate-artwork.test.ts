import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { certificateArtworkFormSchema, type CertificateArtworkForm } from '../../app/schemas/certificate-artwork.ts'
import { getCertificateArtworkImage, getStaffCertificateArtwork, loadCertificateArtwork } from '../../app/services/credits/get-certificate-artwork.server.ts'
import { previewCertificatePdf } from '../../app/services/credits/preview-certificate-pdf.server.ts'
import { saveCertificateArtwork } from '../../app/services/credits/save-certificate-artwork.server.ts'
import { isAppError } from '../../app/utils/app-error.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { textBoxes } from '../helpers/pdf-text.ts'
import { encodePng, sampleLogo, sampleSeal } from '../helpers/sample-artwork.ts'

const db = testDb()
const ctx = { userId: null, ipAddress: '203.0.113.7', userAgent: 'vitest' }
let eventId = ''
let otherEventId = ''
let orphanEventId = ''
let organisationId = ''

const form = (overrides: Partial<CertificateArtworkForm> = {}): CertificateArtworkForm => ({
  target: 'event',
  logo: null,
  seal: null,
  removeLogo: false,
  removeSeal: false,
  signatories: [],
  ...overrides,
})

/** The AppError a call fails with (its code and field errors), or null when it succeeds. */
async function failure(run: Promise<unknown>) {
  try {
    await run
    return null
  } catch (error) {
    if (!isAppError(error)) throw error
    return { code: error.code, status: error.status, fields: error.details?.fields }
  }
}

beforeAll(async () => {
  const host = await db.organisation.create({ data: { nameZh: `上海市医院协会 ${Date.now()}`, nameEn: 'Shanghai Hospital Association' } })
  organisationId = host.id
  for (const assign of [true, true, false]) {
    const event = await createEvent(db)
    if (assign) await db.eventOrganisation.create({ data: { eventId: event.id, organisationId, role: 'HOST', position: 0 } })
    if (!eventId) eventId = event.id
    else if (!otherEventId) otherEventId = event.id
    else orphanEventId = event.id
  }
})

afterAll(async () => {
  await db.$disconnect()
})

describe('saveCertificateArtwork', () => {
  test("the association's logo, seal and signatories reach every event it hosts; an event's own items win, item by item", async () => {
    const logo = sampleLogo()
    const seal = sampleSeal()
    await saveCertificateArtwork(db, eventId, form({ target: 'organisation', logo, seal, signatories: [{ name: '王建国', title: '会长' }] }), ctx)
    const inherited = await loadCertificateArtwork(db, otherEventId)
    expect(Buffer.from(inherited.logo!.bytes).equals(logo)).toBe(true)
    expect(inherited.seal!.type).toBe('image/png')
    expect(inherited.signatories).toEqual([{ name: '王建国', title: '会长' }])

    const ownLogo = encodePng(64, 32, () => [10, 20, 30, 255])
    await saveCertificateArtwork(db, eventId, form({ logo: ownLogo, signatories: [{ name: '李华', title: '项目负责人' }] }), ctx)
    const own = await loadCertificateArtwork(db, eventId)
    expect(Buffer.from(own.logo!.bytes).equals(ownLogo)).toBe(true)
    expect(Buffer.from(own.seal!.bytes).equals(seal)).toBe(true) // the association's, as the event has none
    expect(own.signatories).toEqual([{ name: '李华', title: '项目负责人' }])
    // The other event still prints the association's.
    expect((await loadCertificateArtwork(db, otherEventId)).signatories).toEqual([{ name: '王建国', title: '会长' }])

    const staff = await getStaffCertificateArtwork(db, eventId)
    expect(staff.organisation?.id).toBe(organisationId)
    expect(staff.artwork.event).toMatchObject({ logoType: 'image/png', sealType: null })
    expect(staff.artwork.organisation).toMatchObject({ logoType: 'image/png', sealType: 'image/png' })
    expect((await getCertificateArtworkImage(db, eventId, 'organisation', 'seal')).type).toBe('image/png')

    const audits = await db.auditLog.findMany({ where: { type: 'certificate.artwork_saved', data: { path: ['eventId'], equals: eventId } }, orderBy: { createdAt: 'asc' } })
    expect(audits.map((a) => a.data)).toEqual([
      expect.objectContaining({
        target: 'organisation',
        organisationId,
        logo: expect.stringMatching(/^replaced \(image\/png, \d+ bytes\)$/),
        seal: expect.stringMatching(/^replaced/),
        signatories: 1,
      }),
      expect.objectContaining({ target: 'event', logo: expect.stringMatching(/^replaced/), seal: 'kept', signatories: 1 }),
    ])
    expect(JSON.stringify(audits.map((a) => a.data))).not.toContain('王建国') // ids and counts only
  })

  test('an image left unchosen is kept; "remove" clears it', async () => {
    await saveCertificateArtwork(db, eventId, form({ signatories: [] }), ctx)
    expect((await loadCertificateArtwork(db, eventId)).logo).not.toBeNull()
    await saveCertificateArtwork(db, eventId, form({ removeLogo: true }), ctx)
    const after = await loadCertificateArtwork(db, eventId)
    expect(Buffer.from(after.logo!.bytes).equals(sampleLogo())).toBe(true) // back to the association's
    expect(after.signatories).toEqual([{ name: '王建国', title: '会长' }]) // an empty list inherits too
  })

  test.each([
    ['an SVG (refused whatever it is called)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'validation.artworkType'],
    ['a GIF', Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00', 'latin1'), 'validation.artworkType'],
    ['a PNG of 2400×100 pixels', encodePng(2400, 100, () => [0, 0, 0, 255]), 'validation.artworkDimensions?min=16&max=2000'],
    ['a file over 1 MB', Buffer.concat([encodePng(16, 16, () => [0, 0, 0, 255]), Buffer.alloc(1024 * 1024)]), 'validation.artworkTooLarge?max=1 MB'],
    ['a PNG whose pixel data is cut short', encodePng(200, 200, (x) => [x, 0, 0, 128]).subarray(0, 120), 'validation.artworkUnreadable'],
    ['an empty file', Buffer.alloc(0), 'validation.artworkEmpty'],
  ])('refuses %s with a 422 naming the field, and writes nothing', async (_name, bytes, key) => {
    const before = await db.certificateArtwork.findUnique({ where: { eventId: otherEventId } })
    const result = await failure(saveCertificateArtwork(db, otherEventId, form({ seal: bytes, signatories: [{ name: '不应保存', title: '' }] }), ctx))
    expect(result).toEqual({ code: 'validation_failed', status: 422, fields: { seal: key } })
    expect(await db.certificateArtwork.findUnique({ where: { eventId: otherEventId } })).toEqual(before)
  })

  test('the association of an event without a host cannot be set (409), and an unknown event is a 404', async () => {
    expect(await failure(saveCertificateArtwork(db, orphanEventId, form({ target: 'organisation' }), ctx))).toMatchObject({
      code: 'conflict',
      status: 409,
      fields: { target: 'validation.artworkNoHost' },
    })
    expect(await failure(saveCertificateArtwork(db, 'clnoeventxxxxxxxxxxxxxxxx', form(), ctx))).toMatchObject({ code: 'not_found', status: 404 })
  })

  test('the database refuses a row with two owners or an image type other than PNG/JPEG', async () => {
    await expect(db.certificateArtwork.create({ data: { eventId: orphanEventId, organisationId } })).rejects.toThrow()
    await expect(db.certificateArtwork.create({ data: { eventId: orphanEventId, logo: Buffer.from('<svg/>'), logoType: 'image/svg+xml' } })).rejects.toThrow()
  })
})

describe('the form schema', () => {
  test('reads chosen files into bytes, treats an unchosen one as "keep", and collects up to three signatories', async () => {
    const fd = new FormData()
    fd.set('target', 'event')
    fd.set('logo', new File([new Uint8Array(sampleLogo())], 'logo.png', { type: 'image/png' }))
    fd.set('seal', new File([], '', { type: 'application/octet-stream' }))
    fd.set('signatory1Name', ' 王建国 ')
    fd.set('signatory1Title', '会长')
    fd.set('signatory3Name', 'Li Hua')
    const parsed = await certificateArtworkFormSchema.parseAsync(Object.fromEntries(fd))
    expect(Buffer.from(parsed.logo!).equals(sampleLogo())).toBe(true)
    expect(parsed.seal).toBeNull()
    expect(parsed.signatories).toEqual([
      { name: '王建国', title: '会长' },
      { name: 'Li Hua', title: '' },
    ])
  })

  test('a title without a name, an overlong name and an unknown target are field errors', async () => {
    const result = await certificateArtworkFormSchema.safeParseAsync({ target: 'forum', signatory2Title: '会长', signatory1Name: 'x'.repeat(41) })
    expect(result.success).toBe(false)
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(fields).toMatchObject({ target: 'validation.choice', signatory1Name: 'validation.tooLong' })
  })
})

describe('previewCertificatePdf', () => {
  test('a specimen with the event, its issuer and artwork, marked as such', async () => {
    const { body } = await previewCertificatePdf(db, otherEventId, { origin: 'http://localhost:3000', now: new Date('2027-03-02T00:00:00Z') })
    const text = (await textBoxes(body)).boxes.map((b) => b.text).join('\n')
    expect(text).toContain('SPECIMEN')
    expect(text).toContain('王建国')
    expect(text).toContain('Shanghai Hospital Association')
  })
})

// Regenerates docs/samples/certificate-sample.pdf and docs/samples/transcript-sample.pdf from
// the demo data (issue 14), so a reader can see both documents without running the platform.
//
// Usage: point DATABASE_URL at an empty database or schema of your own; the script migrates it,
// seeds the demo, issues the demo attendee's certificate (with a throwaway signing key: the
// sample's QR code verifies nowhere), gives the demo training the specimen logo, seal and
// signatories of tests/helpers/sample-artwork.ts, and writes both PDFs. Then drop the schema.
//   DATABASE_URL='postgresql://postgres:postgres@127.0.0.1:5432/cme_ci?schema=samples' npx tsx scripts/render-sample-documents.ts
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { DEMO_CREDITS_EVENT } from '../prisma/demo-credits.ts'
import { seedDemo, isEmptyDatabase } from '../prisma/seed.ts'
import { getCertificatePdf } from '../app/services/credits/get-certificate-pdf.server.ts'
import { getTranscriptPdf } from '../app/services/credits/get-transcript-pdf.server.ts'
import { issueCertificate } from '../app/services/credits/issue-certificate.server.ts'
import { saveCertificateArtwork } from '../app/services/credits/save-certificate-artwork.server.ts'
import { createPrisma } from '../app/utils/db.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'
import { sampleLogo, sampleSeal } from '../tests/helpers/sample-artwork.ts'

const url = process.env.DATABASE_URL
if (!url) throw new Error('Set DATABASE_URL to an empty database or schema (see the comment at the top).')
const out = path.resolve(import.meta.dirname, '../docs/samples')
// The demo's spring training ended on 18 April 2026; the certificate is issued the next morning.
const issuedAt = new Date('2026-04-19T09:00:00+08:00')

await migrate(url)
const db = createPrisma(url, 2)
try {
  if (!(await isEmptyDatabase(db))) throw new Error('DATABASE_URL is not empty: use a fresh schema, e.g. ?schema=samples')
  await seedDemo(db, new Date('2026-05-01T00:00:00+08:00'))
  const event = await db.event.findUniqueOrThrow({ where: { slug: DEMO_CREDITS_EVENT }, select: { id: true, creditRules: { select: { id: true } } } })
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id }, select: { id: true, userId: true } })
  await saveCertificateArtwork(
    db,
    event.id,
    {
      target: 'event',
      logo: sampleLogo(),
      seal: sampleSeal(),
      removeLogo: false,
      removeSeal: false,
      signatories: [
        { name: '王建国', title: '会长 · President' },
        { name: '李华', title: '项目负责人 · Programme director' },
      ],
    },
    { userId: null },
  )
  const outcome = await issueCertificate(db, { ruleId: event.creditRules[0]!.id, registrationId: registration.id, now: issuedAt, keys: generateKeyPairSync('ed25519') })
  if (outcome.status !== 'issued') throw new Error(`The demo certificate was not issued: ${outcome.status}`)
  const certificate = await getCertificatePdf(db, outcome.certificateId, { origin: 'https://cme.example.org' })
  const transcript = await getTranscriptPdf(db, registration.userId, 2026)
  mkdirSync(out, { recursive: true })
  writeFileSync(path.join(out, 'certificate-sample.pdf'), certificate.body)
  writeFileSync(path.join(out, 'transcript-sample.pdf'), transcript.body)
  console.log(`docs/samples/certificate-sample.pdf: ${certificate.body.length} bytes; docs/samples/transcript-sample.pdf: ${transcript.body.length} bytes`)
} finally {
  await db.$disconnect()
}

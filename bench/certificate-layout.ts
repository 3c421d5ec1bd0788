// The cost of laying certificates out by measurement and of the issuer's artwork (issue 14).
// Renders, in the same run and interleaved, N certificates of each kind and N transcripts:
//   1. the demo certificate, no artwork (the baseline);
//   2. the same with a logo, a seal and three signatories;
//   3. the longest names and titles with all the artwork (the body is measured and re-spaced);
//   4. a 40-row, 4-page transcript.
// Usage: npx tsx bench/certificate-layout.ts [count]   (default 200). Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks'
import { renderCertificatePdf, renderTranscriptPdf } from '../app/services/credits/certificate-pdf.server.ts'
import { artwork, demoPage, longestPage, longTranscript } from '../tests/helpers/document-samples.ts'

const count = Number(process.argv[2] ?? 200)
if (!Number.isInteger(count) || count <= 0) {
  console.error('usage: npx tsx bench/certificate-layout.ts [count]')
  process.exit(2)
}
const kinds = {
  'demo certificate, no artwork (baseline)': () => renderCertificatePdf(demoPage),
  'demo certificate + logo, seal, 3 signatories': () => renderCertificatePdf({ ...demoPage, artwork }),
  'longest names and titles + all artwork': () => renderCertificatePdf(longestPage),
  'transcript, 40 rows (4 pages)': () => renderTranscriptPdf(longTranscript),
}
const times: Record<string, number> = {}
const sizes: Record<string, number> = {}
for (const [name, render] of Object.entries(kinds)) sizes[name] = (await render()).length // warm-up
for (let i = 0; i < count; i++) {
  for (const [name, render] of Object.entries(kinds)) {
    const start = performance.now()
    await render()
    times[name] = (times[name] ?? 0) + performance.now() - start
  }
}
const baseline = times['demo certificate, no artwork (baseline)']! / count
console.log(`${count} documents of each kind, interleaved:`)
for (const name of Object.keys(kinds)) {
  const each = times[name]! / count
  console.log(`  ${name.padEnd(46)} ${each.toFixed(1).padStart(7)} ms each  ${(each / baseline).toFixed(2)}× baseline  ${(sizes[name]! / 1024).toFixed(1)} KB`)
}

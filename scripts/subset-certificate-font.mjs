// Regenerates public/fonts/NotoSansSC-Subset-*.ttf, the certificate font (SIL OFL 1.1).
//
// Source: Noto Sans SC 400/700 TTF as shipped by the npm package @expo-google-fonts/noto-sans-sc
// (Google Fonts build of Adobe's Source Han Sans). Subset: ASCII, Latin-1, general punctuation,
// CJK symbols and punctuation, full-width forms and every character of GB 2312 (6,763 hanzi,
// which covers the names and titles of the demo and nearly all real names). pdfkit embeds a
// further subset (only the glyphs a certificate uses) in each PDF.
//
// Usage (tools are not project dependencies; fetch them into a scratch folder):
//   npm pack @expo-google-fonts/noto-sans-sc && tar xzf expo-google-fonts-noto-sans-sc-*.tgz
//   npm install --prefix /tmp/subset subset-font
//   NODE_PATH=/tmp/subset/node_modules node scripts/subset-certificate-font.mjs package/400Regular/NotoSansSC_400Regular.ttf public/fonts/NotoSansSC-Subset-Regular.ttf
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const subsetFont = require('subset-font')
const [input, output] = process.argv.slice(2)
if (!input || !output) throw new Error('usage: subset-certificate-font.mjs <input.ttf> <output.ttf>')

const chars = new Set()
const addRange = (from, to) => {
  for (let c = from; c <= to; c++) chars.add(String.fromCodePoint(c))
}
addRange(0x20, 0x7e)
addRange(0xa0, 0xff)
addRange(0x2000, 0x206f) // general punctuation
addRange(0x2100, 0x214f) // letterlike symbols (™)
addRange(0x2160, 0x216f) // Roman numerals (Ⅰ类 / Ⅱ类)
addRange(0x3000, 0x303f) // CJK symbols and punctuation
addRange(0xff00, 0xffef) // full-width forms
const gb2312 = new TextDecoder('gbk')
for (let hi = 0xa1; hi <= 0xf7; hi++) {
  for (let lo = 0xa1; lo <= 0xfe; lo++) {
    const ch = gb2312.decode(new Uint8Array([hi, lo]))
    if (ch && ch !== '\ufffd') chars.add(ch)
  }
}
const subset = await subsetFont(readFileSync(input), [...chars].join(''), { targetFormat: 'truetype' })
writeFileSync(output, subset)
console.log(`${output}: ${chars.size} characters, ${subset.length} bytes`)

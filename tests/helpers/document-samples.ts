import { sampleLogo, sampleSeal } from './sample-artwork.ts'
import type { CertificatePage, TranscriptPage, TranscriptRow } from '../../app/services/credits/certificate-pdf.server.ts'

/** Certificates and transcripts for the layout tests (certificate-pdf.server.test.ts): the demo's, and the longest names and titles. */
const national = { zh: '国家级', en: 'national' }

/** The demo's certificate (prisma/demo-credits.ts): the spring instructor training, Class I, a national project. */
export const demoPage: CertificatePage = {
  issuerZh: '上海市医院协会',
  issuerEn: 'Shanghai Hospital Association',
  holderName: '欧阳明珠',
  activityZh: '抗菌药物临床合理应用师资培训班（春季班）',
  activityEn: 'Antimicrobial Stewardship Instructor Training (spring session)',
  datesZh: '2026年4月18日',
  datesEn: '18 April 2026',
  schemeZh: 'Ⅰ类学分',
  schemeEn: 'China CME Class I credit',
  project: { number: '2026-04-05-012', level: national },
  credits: 4,
  issuedOn: '2026-04-19',
  certificateNumber: 'CABCDEFGHIJKLMNOPQRST',
  status: 'VALID',
  verifyUrl: 'http://localhost:3000/verify/C1.AQ1jbTN4OWsyYWIwMDAxcXo4aDV0N3YydzR5AAAAlgAATg-x0Q3yLZ3Hz2b5Mnlh0eVbwVJ3s0S6-1Xc0l3e3bCM9k3N2f8Gk5a6G_1ZqL-8y2uO8h0cQmHt1nqk4gPW1vb3o0EQ',
}

export const artwork = {
  logo: { bytes: sampleLogo(), type: 'image/png' as const },
  seal: { bytes: sampleSeal(), type: 'image/png' as const },
  signatories: [
    { name: '王建国', title: '会长' },
    { name: '李华', title: '继续医学教育项目负责人' },
    { name: 'Catherine Montgomery-Fitzgerald', title: 'Director of Continuing Medical Education and Accreditation' },
  ],
}

/** The longest names and titles we have seen, in both scripts, with every piece of artwork. */
export const longestPage: CertificatePage = {
  ...demoPage,
  issuerZh: '中国医师协会感染科医师分会暨全国细菌耐药监测网专家委员会',
  issuerEn: 'Infectious Diseases Physicians Branch of the Chinese Medical Doctor Association and the Expert Committee of the China Antimicrobial Resistance Surveillance System',
  holderName: '买买提·艾力·阿不都热合曼',
  activityZh: '第十二届全国抗菌药物临床合理应用暨多重耐药菌感染防控与医院感染管理能力提升高级研修班（线上线下同步）',
  activityEn:
    'The 12th National Advanced Workshop on the Rational Clinical Use of Antimicrobials, the Prevention and Control of Multidrug-Resistant Infections and Hospital Infection Management (online and on site)',
  datesZh: '2027年12月30日 – 2028年1月2日',
  datesEn: '30 December 2027 – 2 January 2028',
  schemeZh: 'AMA PRA 1类学分',
  schemeEn: 'AMA PRA Category 1 Credit™',
  credits: 12.5,
  artwork,
}

export const englishPage: CertificatePage = {
  ...demoPage,
  holderName: 'Alexandra Catherine Montgomery-Fitzgerald',
  schemeZh: 'AMA PRA 1类学分',
  schemeEn: 'AMA PRA Category 1 Credit™',
  project: { number: 'SH-2026-118', level: null },
  artwork: { logo: null, seal: null, signatories: artwork.signatories.slice(0, 2) },
}

const row = (n: number, overrides: Partial<TranscriptRow> = {}): TranscriptRow => ({
  dates: `2026-0${(n % 9) + 1}-1${n % 10}`,
  activityZh: '抗菌药物临床合理应用师资培训班（春季班）',
  activityEn: 'Antimicrobial Stewardship Instructor Training (spring session)',
  schemeZh: 'Ⅰ类学分',
  schemeEn: 'China CME Class I credit',
  project: { number: '2026-04-05-012', level: national },
  credits: 4,
  ...overrides,
})

const schemes = [
  { labelZh: 'Ⅰ类学分', labelEn: 'China CME Class I credit', credits: 14 },
  { labelZh: 'Ⅱ类学分', labelEn: 'China CME Class II credit', credits: 3 },
  { labelZh: 'AMA PRA 1类学分', labelEn: 'AMA PRA Category 1 Credit™', credits: 12.5 },
  { labelZh: '学分', labelEn: 'Credit', credits: 0 },
]

/** The demo's transcript, plus the AMA row and totals that ran into "其他学分 / Other credit" (the issue). */
export const demoTranscript: TranscriptPage = {
  issuerZh: '继续医学教育平台',
  issuerEn: 'CME Forum Platform',
  holderName: '欧阳明珠',
  year: 2026,
  rows: [
    row(1, { dates: '2026-04-18' }),
    row(2, {
      dates: '2026-06-20 – 06-22',
      activityZh: '华东地区感染病学术年会',
      activityEn: 'East China Infectious Diseases Congress',
      schemeZh: 'Ⅱ类学分',
      schemeEn: 'China CME Class II credit',
      project: null,
      credits: 3,
    }),
    row(3, { dates: '2026-12-30 – 2027-01-02', schemeZh: 'AMA PRA 1类学分', schemeEn: 'AMA PRA Category 1 Credit™', project: { number: 'SH-2026-118', level: null }, credits: 12.5 }),
  ],
  totals: schemes,
  chinaTotal: 17,
  required: 25,
  met: false,
}

/** Forty activities with the longest titles: several pages. */
export const longTranscript: TranscriptPage = {
  ...demoTranscript,
  holderName: 'Alexandra Catherine Montgomery-Fitzgerald',
  rows: Array.from({ length: 40 }, (_, i) =>
    row(i, i % 2 ? { activityZh: longestPage.activityZh, activityEn: longestPage.activityEn, project: { number: '2026-04-05-012(省)', level: national } } : {}),
  ),
  chinaTotal: 160,
  met: true,
}

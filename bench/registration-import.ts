// Importing a hospital's list of 5,000 registrants into the desk (issue 15 target: "the import of
// 5,000 rows takes under 30 s and does not block the event loop: /healthz p99 ≤ 200 ms while it
// runs"). In ONE process, as the web process runs them: the services read the XLSX, preview it
// and import it, while the same process serves /healthz (the app's own check: the database
// answers `SELECT 1` on the same Prisma client) on a local port. A child process polls that
// /healthz every 20 ms and reports each answer's time, so a blocked event loop shows as late
// answers; the process's own event-loop delay (perf_hooks histogram) is printed beside it.
// Usage: npx tsx bench/registration-import.ts [rows] [existing accounts]   (default 5000, 20000)
//   DATABASE_URL=postgresql://… runs on a scratch database of that server; otherwise on a
//   scratch embedded PostgreSQL. Prints figures; asserts nothing.
import { spawn } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import ExcelJS from 'exceljs'

process.env.LOG_LEVEL ??= 'warn'
process.env.SESSION_SECRET ??= 'bench-secret-bench-secret-bench-secret-42'
const rows = Number(process.argv[2] ?? 5_000)
const existingAccounts = Number(process.argv[3] ?? 20_000)
if (!Number.isInteger(rows) || rows <= 0 || rows > 5_000 || !Number.isInteger(existingAccounts) || existingAccounts < 0) {
  console.error('usage: npx tsx bench/registration-import.ts [rows ≤ 5000] [existing accounts]')
  process.exit(2)
}
const { createPrisma } = await import('../app/utils/db.server.ts')
const { checkHealth } = await import('../app/utils/health.server.ts')
const { scratchDatabase } = await import('./scratch-database.ts')
const { previewRegistrationImport } = await import('../app/services/registration/preview-registration-import.server.ts')
const { importRegistrations } = await import('../app/services/registration/import-registrations.server.ts')
const { unusablePasswordHash, INVITED_ACCOUNT_LINK_TTL_MS } = await import('../app/services/accounts/create-invited-account.server.ts')

const cleanups: (() => Promise<unknown>)[] = []
const database = await scratchDatabase('import', { maxConnections: 20, cleanups })
const db = createPrisma(database.url, 4)
cleanups.push(() => db.$disconnect())
console.log(
  `database: ${database.label}; rows: ${rows}; existing accounts: ${existingAccounts}; node ${process.version}; ${os.cpus().length} cores; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const ms = (n: number) => `${n.toFixed(1)} ms`

/** Polls a URL every `everyMs` from another process; [sent at (epoch ms), answer time] pairs come back when it is told to stop. */
function startProbe(url: string, everyMs: number) {
  const script = `
    const times = []
    let stop = false
    process.on('message', () => { stop = true })
    process.on('disconnect', () => process.exit(0))
    ;(async () => {
      while (!stop) {
        const at = Date.now()
        const t = performance.now()
        try { const r = await fetch(process.argv[1]); await r.arrayBuffer(); times.push([at, performance.now() - t]) } catch { times.push([at, -1]) }
        await new Promise((r) => setTimeout(r, ${everyMs}))
      }
      process.send(times, () => process.exit(0))
    })()`
  const child = spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  return {
    stop: () =>
      new Promise<[number, number][]>((resolve) => {
        child.once('message', (m) => resolve(m as [number, number][]))
        child.send('stop')
      }),
  }
}

try {
  // ------------------------------------------------------------ setup (not timed)
  const startsAt = new Date('2027-04-18T01:00:00Z')
  const event = await db.event.create({
    data: { slug: 'bench-import', titleZh: '年会', titleEn: 'Annual meeting', startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000), status: 'PUBLISHED' },
  })
  await db.ticketType.create({ data: { eventId: event.id, nameZh: '普通票', nameEn: 'Standard', priceNonMember: 80000, quota: 60_000 } })
  await db.ticketType.create({ data: { eventId: event.id, nameZh: '学生票', nameEn: 'Student', priceNonMember: 30000 } })
  for (let from = 0; from < existingAccounts; from += 5000) {
    const n = Math.min(5000, existingAccounts - from)
    await db.user.createMany({
      data: Array.from({ length: n }, (_, k) => ({
        email: `member${from + k}@association.example.cn`,
        phone: `136${String(from + k).padStart(8, '0')}`,
        passwordHash: 'x',
        realName: `会员${from + k}`,
      })),
    })
  }
  // The hospital's list: a tenth are people with an account (half matched by phone), a few bad rows.
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('参会名单')
  sheet.addRow(['姓名', '手机号码', '电子邮箱', '工作单位', '职称', '票种'])
  for (let i = 0; i < rows; i++) {
    const member = existingAccounts > 0 && i % 10 === 0 ? (i * 7) % existingAccounts : -1
    if (member >= 0 && i % 20 === 0) sheet.addRow([`会员${member}`, `136${String(member).padStart(8, '0')}`, '', '北京协和医院', '主任医师', '普通票'])
    else if (member >= 0) sheet.addRow([`会员${member}`, '', `member${member}@association.example.cn`, '北京协和医院', '主任医师', '普通票'])
    else if (i % 997 === 1) sheet.addRow([`坏行${i}`, '12345', `bad${i}@hospital.example.cn`, '北京协和医院', '', '普通票'])
    else sheet.addRow([`参会者${i}`, Number(`139${String(i).padStart(8, '0')}`), `attendee${i}@hospital.example.cn`, '北京协和医院', i % 2 ? '主治医师' : '住院医师', i % 5 ? '普通票' : '学生票'])
  }
  const bytes = new Uint8Array(await book.xlsx.writeBuffer())
  await db.$executeRawUnsafe('VACUUM ANALYZE')
  console.log(`list: ${rows} rows, ${(bytes.length / 1024).toFixed(0)} KB XLSX`)

  // ------------------------------------------------------------ /healthz of this process
  const server = http.createServer((req, res) => {
    if (req.url !== '/healthz') return void res.writeHead(404).end()
    void checkHealth({ db, media: { mode: 'off' }, adapter: 'memory' }).then((h) => res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(h)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`

  const measure = async (label: string, fn: () => Promise<string>) => {
    // An idle stretch first: the probe's start-up is not counted as the import's, and its answers
    // while nothing runs are the baseline (on a shared machine, other processes' load shows there too).
    const probe = startProbe(url, 20)
    await new Promise((r) => setTimeout(r, 4000))
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const startedAt = Date.now()
    const t = performance.now()
    const outcome = await fn()
    const endedAt = Date.now()
    const elapsed = performance.now() - t
    loop.disable()
    const all = await probe.stop()
    const during = all.filter(([at]) => at >= startedAt && at <= endedAt).map(([, d]) => d)
    // The idle baseline: the last 2.5 s before the phase (the first answers include the probe's start-up).
    const idle = all.filter(([at, d]) => at >= startedAt - 2500 && at < startedAt && d >= 0).map(([, d]) => d)
    const failed = during.filter((x) => x < 0).length
    const ok = during.filter((x) => x >= 0)
    console.log(
      `${label.padEnd(9)} ${`${(elapsed / 1000).toFixed(2)} s`.padEnd(9)} /healthz ${ok.length} answers, ${failed} failed: p50 ${ms(percentile(ok, 50))} · p99 ${ms(percentile(ok, 99))} · max ${ms(Math.max(...ok))}` +
        ` | event-loop delay p99 ${ms(loop.percentile(99) / 1e6)} · max ${ms(loop.max / 1e6)} | idle baseline before it: /healthz p99 ${ms(percentile(idle, 99))} (${idle.length} answers) | ${outcome}`,
    )
  }

  console.log(
    `\nload average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  let hash = ''
  await measure('preview', async () => {
    const preview = await previewRegistrationImport(db, { eventId: event.id, bytes, fileName: 'list.xlsx' })
    hash = preview.contentHash
    return `plan ${JSON.stringify(preview.plan.summary)}`
  })
  await measure('import', async () => {
    const accounts = { passwordHash: await unusablePasswordHash(), linkTtlMs: INVITED_ACCOUNT_LINK_TTL_MS }
    const result = await importRegistrations(db, { eventId: event.id, contentHash: hash, paidByTransfer: true, payerName: '北京协和医院' }, accounts, { userId: null })
    return `created ${result.created}, registered ${result.registered}, paid by transfer ${result.paidByTransfer}`
  })
  await measure('again', async () => {
    const accounts = { passwordHash: await unusablePasswordHash(), linkTtlMs: INVITED_ACCOUNT_LINK_TTL_MS }
    const result = await importRegistrations(db, { eventId: event.id, contentHash: hash, paidByTransfer: true }, accounts, { userId: null })
    return `second import: created ${result.created}, registered ${result.registered}`
  })
  const [registrations, emails] = await Promise.all([db.registration.count({ where: { eventId: event.id } }), db.emailMessage.count()])
  console.log(
    `\nin the database: ${registrations} registrations, ${emails} mails in the outbox; load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup()
}

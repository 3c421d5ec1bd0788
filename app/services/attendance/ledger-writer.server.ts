import type { AttendanceKind, AttendanceSource, StreamDelivery } from '~/generated/prisma/enums.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

export type LedgerRow = {
  registrationId: string
  forumId: string
  kind: AttendanceKind
  source: AttendanceSource
  receivedAt: Date
  clientAt: Date | null
  nonce: string
  promptId?: string | null
  mediaFromSec?: number | null
  mediaToSec?: number | null
  /** How a live viewer received the stage (WEBRTC or HLS); null for venue scans, replays and older players. */
  delivery?: StreamDelivery | null
}

export type LedgerWriterStats = { accepted: number; written: number; duplicates: number; pending: number; flushes: number; failures: number; lastFlushMs: number }

/**
 * Batches ledger rows: heartbeats from thousands of viewers become one multi-row INSERT per
 * flush instead of one transaction each. Rows flush every `flushMs` (at most 1 s) or as soon
 * as `maxBatch` are waiting, and on stop(). ON CONFLICT DO NOTHING on (registrationId, nonce)
 * makes a client's retry a no-op. A failed flush keeps its rows for the next one, so a
 * database hiccup delays events but does not drop them; a process crash loses at most the
 * rows accepted since the last flush (docs/operations.md).
 */
export class LedgerWriter {
  private buffer: LedgerRow[] = []
  private timer: NodeJS.Timeout | undefined
  private flushing: Promise<boolean> | null = null
  private readonly stats: LedgerWriterStats = { accepted: 0, written: 0, duplicates: 0, pending: 0, flushes: 0, failures: 0, lastFlushMs: 0 }

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs: number; maxBatch: number } = { flushMs: 500, maxBatch: 2000 },
  ) {
    if (options.flushMs > 1000) throw new Error('LedgerWriter flushMs must be at most 1000 ms')
  }

  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushMs)
    this.timer.unref()
    return this
  }

  append(row: LedgerRow): void {
    this.buffer.push(row)
    this.stats.accepted++
    // Only when no flush is running: the running one keeps draining full batches. A flush
    // per append would queue one waiter per row behind a slow write, and each write would
    // then wake them all (bench/RESULTS.md, "Attendance ingest").
    if (this.buffer.length >= this.options.maxBatch && !this.flushing) void this.flush()
  }

  /** Writes everything waiting now; concurrent calls share one flush at a time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing
    if (this.buffer.length === 0) return
    const batch = this.buffer.splice(0, this.options.maxBatch)
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null
    })
    const ok = await this.flushing
    // After a failed write, stop here rather than retry in a tight loop against a database
    // that is down; the timer (or the next full batch) tries again.
    if (ok && this.buffer.length >= this.options.maxBatch) await this.flush()
  }

  private async write(batch: LedgerRow[]): Promise<boolean> {
    const started = performance.now()
    try {
      const count = await insertRows(this.db, batch)
      this.stats.written += count
      this.stats.duplicates += batch.length - count
      this.stats.flushes++
      this.stats.lastFlushMs = performance.now() - started
      return true
    } catch (error) {
      this.stats.failures++
      this.buffer.unshift(...batch)
      logger.error({ err: error, rows: batch.length }, 'ledger flush failed; will retry')
      return false
    }
  }

  getStats(): LedgerWriterStats {
    return { ...this.stats, pending: this.buffer.length }
  }

  /** Stops the timer and writes what is left (retrying a few times). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    for (let attempt = 0; attempt < 5 && this.buffer.length > 0; attempt++) await this.flush()
    if (this.buffer.length) logger.error({ rows: this.buffer.length }, 'ledger rows lost at shutdown')
  }
}

/**
 * One INSERT … SELECT FROM unnest(one array per column) ON CONFLICT DO NOTHING: the rows
 * travel as 11 array parameters. Prisma's createMany({ skipDuplicates }) writes the same rows
 * but spends ~0.12 ms of CPU per row building the query, in the process that also runs
 * socket.io: a 2000-row flush blocked the event loop for ~250 ms and capped the writer near
 * 3,000 rows/s; this takes ~10 ms (bench/RESULTS.md, "Attendance ingest"). Times travel as
 * UTC ISO strings into TIMESTAMP(3) columns, as Prisma stores them. A row whose registration or
 * forum was deleted while it waited is left out (counted with the duplicates): one such row
 * used to fail every flush, and the batch with it, for good. Rows keep their order (ids follow
 * the order they were accepted in).
 */
async function insertRows(db: Db, rows: LedgerRow[]): Promise<number> {
  const column = <T>(pick: (row: LedgerRow) => T) => rows.map(pick)
  return db.$executeRaw`
    INSERT INTO "AttendanceEvent" ("registrationId", "forumId", "kind", "source", "receivedAt", "clientAt", "nonce", "promptId", "mediaFromSec", "mediaToSec", "delivery")
    SELECT r."registrationId", r."forumId", r."kind", r."source", r."receivedAt", r."clientAt", r."nonce", r."promptId", r."mediaFromSec", r."mediaToSec", r."delivery" FROM unnest(
      ${column((r) => r.registrationId)}::text[],
      ${column((r) => r.forumId)}::text[],
      ${column((r) => r.kind)}::"AttendanceKind"[],
      ${column((r) => r.source)}::"AttendanceSource"[],
      ${column((r) => r.receivedAt.toISOString())}::timestamp(3)[],
      ${column((r) => r.clientAt?.toISOString() ?? null)}::timestamp(3)[],
      ${column((r) => r.nonce)}::text[],
      ${column((r) => r.promptId ?? null)}::text[],
      ${column((r) => r.mediaFromSec ?? null)}::float8[],
      ${column((r) => r.mediaToSec ?? null)}::float8[],
      ${column((r) => r.delivery ?? null)}::"StreamDelivery"[]
    ) WITH ORDINALITY AS r("registrationId", "forumId", "kind", "source", "receivedAt", "clientAt", "nonce", "promptId", "mediaFromSec", "mediaToSec", "delivery", "position")
    WHERE EXISTS (SELECT 1 FROM "Registration" g WHERE g.id = r."registrationId") AND EXISTS (SELECT 1 FROM "Forum" f WHERE f.id = r."forumId")
    ORDER BY r."position"
    ON CONFLICT DO NOTHING`
}

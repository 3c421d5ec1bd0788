/**
 * What an ended forum's pages say about its replay (issue 15 §4): the live and forum pages of a
 * forum that has ended either link the replay or say why there is none to watch. Pure: the
 * forum's recordings and replays and the time are parameters.
 *
 * - `available`: a published replay is open now (its link is shown).
 * - `opens`: a published replay opens later (`at`, its availableFrom).
 * - `preparing`: a recording is still being closed (RECORDING), or its replay is made but staff
 *   have not published it yet (decision 018D: unpublished by default, possibly trimmed first).
 * - `closed`: the published replay's window has passed.
 * - `none`: nothing was recorded (no broadcast, or no media), or staff withdrew the replay.
 *
 * A replay staff published once and then withdrew (`publishedAt` set, not published) counts as
 * withdrawn, not as being prepared: nobody is still working on it.
 */
export type ReplayNotice = { kind: 'available' } | { kind: 'opens'; at: Date } | { kind: 'preparing' } | { kind: 'closed' } | { kind: 'none' }
export type ReplayNoticeKind = ReplayNotice['kind']
export const REPLAY_NOTICE_KINDS = ['available', 'opens', 'preparing', 'closed', 'none'] as const satisfies readonly ReplayNoticeKind[]

export type RecordingFacts = { status: 'RECORDING' | 'ENDED' | 'FAILED' }
export type ReplayFacts = { published: boolean; publishedAt: Date | null; availableFrom: Date | null; availableUntil: Date | null }

export function replayNotice(input: { recordings: readonly RecordingFacts[]; replays: readonly ReplayFacts[] }, now: Date): ReplayNotice {
  const t = now.getTime()
  const published = input.replays.filter((r) => r.published)
  if (published.some((r) => (!r.availableFrom || r.availableFrom.getTime() <= t) && (!r.availableUntil || r.availableUntil.getTime() > t))) return { kind: 'available' }
  const later = published
    .filter((r) => r.availableFrom && r.availableFrom.getTime() > t)
    .map((r) => r.availableFrom!)
    .sort((a, b) => a.getTime() - b.getTime())[0]
  if (later) return { kind: 'opens', at: later }
  if (input.recordings.some((r) => r.status === 'RECORDING') || input.replays.some((r) => !r.published && !r.publishedAt)) return { kind: 'preparing' }
  if (published.length > 0) return { kind: 'closed' }
  return { kind: 'none' }
}

/** The notice as pages and socket pushes carry it: the opening time as an ISO string. */
export type ReplayNoticeView = { kind: ReplayNoticeKind; at: string | null }

export function replayNoticeView(notice: ReplayNotice): ReplayNoticeView {
  return { kind: notice.kind, at: notice.kind === 'opens' ? notice.at.toISOString() : null }
}

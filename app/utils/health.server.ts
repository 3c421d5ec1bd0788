import type { Db } from './db.server.ts'

export type Health = {
  ok: boolean
  db: boolean
  mediasoup: { workers: number; version: string | null; mode: 'embedded' | 'external' | 'off' }
  realtime: { adapter: 'memory' | 'redis' | 'cluster' }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))])
  } finally {
    clearTimeout(timer)
  }
}

/** /healthz: the database answers, and at least one mediasoup worker is alive. */
export async function checkHealth(deps: {
  db: Db
  media: { mode: 'embedded'; status: () => { workers: number; version: string } } | { mode: 'external'; url: string } | { mode: 'off' }
  adapter: 'memory' | 'redis' | 'cluster'
}): Promise<Health> {
  const db = await withTimeout(deps.db.$queryRaw`SELECT 1`, 2000).then(
    () => true,
    () => false,
  )
  let mediasoup: Health['mediasoup'] = { workers: 0, version: null, mode: deps.media.mode }
  if (deps.media.mode === 'embedded') {
    mediasoup = { ...deps.media.status(), mode: 'embedded' }
  } else if (deps.media.mode === 'external') {
    const remote = await withTimeout(
      fetch(new URL('/healthz', deps.media.url)).then((r) => r.json() as Promise<{ mediasoup?: { workers: number; version: string } }>),
      2000,
    ).catch(() => null)
    mediasoup = { workers: remote?.mediasoup?.workers ?? 0, version: remote?.mediasoup?.version ?? null, mode: 'external' }
  }
  const mediaOk = deps.media.mode === 'off' || mediasoup.workers > 0
  return { ok: db && mediaOk, db, mediasoup, realtime: { adapter: deps.adapter } }
}

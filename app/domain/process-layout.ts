/**
 * How many processes the app runs on one machine, and who owns what among them
 * (docs/process-layout.md). Pure: server.ts reads the environment and the core count,
 * this decides.
 *
 * - `webProcesses` HTTP + socket.io processes share the port (Node's cluster module);
 *   1 means no cluster at all: the single process of before, everything in it.
 * - With more than one, the media server (mediasoup workers + the `/media` signalling)
 *   runs in one process of its own (`mediaProcess`), never once per HTTP process.
 * - The timers of app/jobs and the certificate queue's workers run in the HTTP process of
 *   index 0 only (`jobOwner`); the others only enqueue.
 * - Every process has its own database pool, so the embedded database allows them all.
 */
export type ProcessLayoutInput = {
  /** WEB_CONCURRENCY as set; undefined: one HTTP process per core. */
  webConcurrency: number | undefined
  /** os.availableParallelism(). */
  cores: number
  media: 'embedded' | 'external' | 'off'
  /** DATABASE_POOL_SIZE, per process. */
  poolSize: number
}

export type ProcessLayout = {
  webProcesses: number
  clustered: boolean
  /** A dedicated media process (mediasoup + `/media`), forked by the primary. */
  mediaProcess: boolean
  /** Connections the embedded database must allow: every process's pool and queue, plus the primary's. */
  databaseConnections: number
}

/** pg-boss's pool (certificate-queue.server.ts) and a spare connection, per process. */
const QUEUE_CONNECTIONS = 4

export function planProcessLayout(input: ProcessLayoutInput): ProcessLayout {
  const webProcesses = Math.max(1, Math.floor(input.webConcurrency ?? input.cores))
  const clustered = webProcesses > 1
  const mediaProcess = clustered && input.media === 'embedded'
  const processes = webProcesses + (mediaProcess ? 1 : 0) + (clustered ? 1 : 0)
  return { webProcesses, clustered, mediaProcess, databaseConnections: processes * (input.poolSize + QUEUE_CONNECTIONS) }
}

/** Which HTTP process runs the background jobs: the first, re-forked with the same index if it dies. */
export const isJobOwner = (workerIndex: number) => workerIndex === 0

/**
 * Threads of libuv's pool per process (UV_THREADPOOL_SIZE), where argon2 hashes run off the
 * event loop. A hash keeps one thread busy for its whole length, and file reads (static
 * assets) queue behind hashes in the same pool, so each process gets its share of the cores
 * for hashing plus threads left for files and DNS: at least 4 (libuv's default).
 */
export function threadPoolSize(cores: number, webProcesses: number): number {
  return Math.max(4, Math.ceil(cores / webProcesses) + 2)
}

/**
 * The query the stage's `/media` socket adds to its WebSocket request. With a media process
 * of its own, an HTTP process hands such requests to it (app/utils/media-upstream.server.ts);
 * in one process the query changes nothing.
 */
export const MEDIA_SOCKET_QUERY = { lane: 'media' } as const

/** Whether a socket.io request (its URL, path and query) is the stage's `/media` socket. */
export function isMediaSocketRequest(url: string | undefined): boolean {
  if (!url?.startsWith('/socket.io/')) return false
  const query = url.indexOf('?')
  return query >= 0 && new URLSearchParams(url.slice(query + 1)).get('lane') === MEDIA_SOCKET_QUERY.lane
}

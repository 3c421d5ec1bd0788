import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * Heavy, pure work (reading an import file) runs in a worker thread, so the event loop that
 * serves every page, /healthz and the live stage's signalling never waits for it (issue 17: a
 * 2 MB Aiken preview held it for 35 s). One fresh worker per task: a task that runs over its
 * time is simply terminated, and a task's memory goes with its thread.
 *
 * The worker is a module of its own (`<name>.worker.ts` beside the module that runs it). In the
 * production build vite.config.ts emits it as build/server/<name>.worker.js, beside the server
 * bundle that runs it; in the sources (vitest, `npm run dev`) it runs through tsx, which the
 * thread registers itself: on Node 20 a worker does not inherit the process's module hooks.
 */

export class WorkerTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The task did not finish within ${timeoutMs} ms`)
    this.name = 'WorkerTimeoutError'
  }
}

/** The task needed more memory than its thread may take. */
export class WorkerMemoryError extends Error {
  constructor() {
    super('The task ran out of memory')
    this.name = 'WorkerMemoryError'
  }
}

/** Too many tasks are running or waiting already. */
export class WorkerBusyError extends Error {
  constructor() {
    super('Too many tasks are waiting')
    this.name = 'WorkerBusyError'
  }
}

/** The worker file `name` beside the module at `moduleUrl` (pass `import.meta.url`), in the sources or the build. */
export function workerFileUrl(name: string, moduleUrl: string): URL {
  return new URL(`./${name}.${moduleUrl.endsWith('.ts') || moduleUrl.endsWith('.tsx') ? 'ts' : 'js'}`, moduleUrl)
}

export type WorkerTaskOptions = {
  timeoutMs: number
  /** The thread's heap: past it the task fails with WorkerMemoryError, not the process. */
  maxHeapMb?: number
}

/** On 2 cores, two tasks at a time leave the event loop a core; a few more may wait their turn. */
const MAX_RUNNING = 2
const MAX_WAITING = 8
let running = 0
const waiting: (() => void)[] = []

async function takeSlot(): Promise<void> {
  if (running < MAX_RUNNING) {
    running++
    return
  }
  if (waiting.length >= MAX_WAITING) throw new WorkerBusyError()
  await new Promise<void>((resolve) => waiting.push(resolve))
  running++
}

function releaseSlot() {
  running--
  waiting.shift()?.()
}

/**
 * Runs the worker at `file` with `input` (its workerData) and resolves with the first message it
 * posts. The time limit counts from the thread's start, not from the wait for a free slot.
 */
export async function runWorkerTask<I, O>(file: URL, input: I, options: WorkerTaskOptions): Promise<O> {
  await takeSlot()
  try {
    return await runInThread<I, O>(file, input, options)
  } finally {
    releaseSlot()
  }
}

function runInThread<I, O>(file: URL, input: I, options: WorkerTaskOptions): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const worker = new Worker(file.pathname.endsWith('.ts') ? throughTsx(file) : file, {
      workerData: input,
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
      stdout: false,
      stderr: false,
    })
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outcome()
      void worker.terminate()
    }
    const timer = setTimeout(() => settle(() => reject(new WorkerTimeoutError(options.timeoutMs))), options.timeoutMs)
    worker.once('message', (result: O) => settle(() => resolve(result)))
    worker.once('error', (error: Error & { code?: string }) => settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerMemoryError() : error)))
    worker.once('exit', (code) => settle(() => reject(new Error(`The worker exited with code ${code} before answering`))))
  })
}

/** A module that registers tsx in its thread, then runs the TypeScript worker at `file`. */
function throughTsx(file: URL): URL {
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
  const tsxApi = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href
  const code = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(file.href)});`
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`)
}

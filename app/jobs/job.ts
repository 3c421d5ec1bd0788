import { runPeriodically } from '~/utils/periodic.server.ts'

/**
 * Something the process runs in the background, on a timer or a queue. server.ts starts
 * each job once and, on shutdown, stops them in the order they were started.
 */
export type Job = { name: string; stop(): Promise<void> }

/** A job that runs `task` every `everyMs`, never two runs at once (see runPeriodically). */
export function startPeriodicJob(name: string, task: () => Promise<unknown>, everyMs: number, options: { immediately?: boolean } = {}): Job {
  const stop = runPeriodically(name, task, everyMs, options)
  return { name, stop: async () => stop() }
}

import type { ImportFormat, ParsedFile } from '~/domain/question-bank.ts'
import { AppError } from '~/utils/app-error.ts'
import { logger } from '~/utils/logger.server.ts'
import { runWorkerTask, WorkerBusyError, WorkerMemoryError, WorkerTimeoutError, workerFileUrl } from '~/utils/worker-task.server.ts'

/** A 2 MB file within the import limits reads in well under a second; ten means something is wrong with it. */
export const PARSE_TIMEOUT_MS = 10_000
const PARSE_HEAP_MB = 256

/**
 * Reads an import file off the event loop, in a worker thread (./parse-questions.worker.ts),
 * within PARSE_TIMEOUT_MS: a file that takes longer is refused (`import_timeout`, 422), as is
 * one that needs more than PARSE_HEAP_MB; when imports already fill the workers, `unavailable` (503).
 */
export async function parseQuestions(format: ImportFormat, text: string, options: { timeoutMs?: number } = {}): Promise<ParsedFile> {
  const timeoutMs = options.timeoutMs ?? PARSE_TIMEOUT_MS
  try {
    return await runWorkerTask<{ format: ImportFormat; text: string }, ParsedFile>(workerFileUrl('parse-questions.worker', import.meta.url), { format, text }, { timeoutMs, maxHeapMb: PARSE_HEAP_MB })
  } catch (error) {
    if (error instanceof WorkerTimeoutError || error instanceof WorkerMemoryError) {
      logger.warn({ format, chars: text.length, reason: error.name }, 'import file refused: too slow to read')
      throw new AppError('import_timeout', `The file took too long to read (limit ${timeoutMs / 1000} s)`, { seconds: timeoutMs / 1000 })
    }
    if (error instanceof WorkerBusyError) throw new AppError('unavailable', 'Other imports are being read; try again in a moment')
    throw error
  }
}

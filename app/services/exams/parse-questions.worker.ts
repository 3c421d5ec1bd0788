import { parentPort, workerData } from 'node:worker_threads'
import { parseQuestionFile, type ImportFormat } from '~/domain/question-bank.ts'

/**
 * The worker thread of parseQuestions (./parse-questions.server.ts): reads one GIFT or Aiken
 * file and posts back what parseQuestionFile found. Pure work on its input, nothing else.
 */
const { format, text } = workerData as { format: ImportFormat; text: string }
parentPort!.postMessage(parseQuestionFile(format, text))

import type { Question } from './question.ts'

/**
 * Seeded randomness for exams (issue 6): which questions an attendee draws, in which order,
 * with options in which order. Everything is a function of a string seed (say, the attempt
 * id), so a reload, a crash or another device shows the same paper, and staff can reproduce
 * it later. No Math.random.
 *
 * The generator is sfc32 seeded by an xmur3-style hash of the seed string. Changing either
 * reshuffles every attempt in progress, so the tests pin their output.
 */

/** A generator of numbers in [0, 1), the same sequence for the same seed. */
export function createRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
    h = (h << 13) | (h >>> 19)
  }
  const nextHash = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507)
    h = Math.imul(h ^ (h >>> 13), 3266489909)
    h ^= h >>> 16
    return h >>> 0
  }
  let a = nextHash()
  let b = nextHash()
  let c = nextHash()
  let d = nextHash()
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next() // let the state mix before it is used
  return next
}

/** A new array with the items in an order fixed by the seed (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], seed: string): T[] {
  return shuffleWith(items, createRandom(seed))
}

export type Pool = { tag: string; count: number }
export type DrawResult<Q> = { ok: true; questions: Q[] } | { ok: false; error: { code: 'pool_too_small' | 'invalid_count'; tag: string; needed: number; available: number; message: string } }

/**
 * Draws `count` questions tagged `tag` for each pool, in pool order, never the same question
 * twice: a question in two pools counts for the first pool that draws it, and the later pool
 * draws from what is left. The bank is put in id order first, so the draw depends on the seed
 * and the bank's contents, not on the order a database returned them in.
 */
export function drawQuestions<Q extends { id: string; tags: readonly string[] }>(pools: readonly Pool[], bank: readonly Q[], seed: string): DrawResult<Q> {
  const byId = new Map<string, Q>()
  for (const question of bank) if (!byId.has(question.id)) byId.set(question.id, question)
  const sorted = [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  const random = createRandom(seed)
  const drawn = new Set<string>()
  const questions: Q[] = []
  for (const pool of pools) {
    const candidates = sorted.filter((q) => q.tags.includes(pool.tag) && !drawn.has(q.id))
    if (!Number.isInteger(pool.count) || pool.count < 0) {
      return {
        ok: false,
        error: { code: 'invalid_count', tag: pool.tag, needed: pool.count, available: candidates.length, message: `The pool "${pool.tag}" must draw a whole number of questions, not ${pool.count}.` },
      }
    }
    if (candidates.length < pool.count) {
      const message = `The pool "${pool.tag}" needs ${pool.count} questions but only ${candidates.length} are available${drawn.size > 0 ? ' (questions drawn by an earlier pool are not drawn again)' : ''}.`
      return { ok: false, error: { code: 'pool_too_small', tag: pool.tag, needed: pool.count, available: candidates.length, message } }
    }
    for (const question of shuffleWith(candidates, random).slice(0, pool.count)) {
      drawn.add(question.id)
      questions.push(question)
    }
  }
  return { ok: true, questions }
}

/**
 * The question with its options in an order fixed by the seed, and `order`, where
 * `order[shown] = stored`: the position each shown option had in the stored question.
 * Responses are graded against the stored question, so map shown positions through `order`.
 * Questions without options come back as they are, with an empty `order`.
 */
export function shuffleOptions<Q extends Question>(question: Q, seed: string): { question: Q; order: number[] } {
  const q: Question = question
  if (q.type !== 'SINGLE_CHOICE' && q.type !== 'MULTIPLE_CHOICE') return { question, order: [] }
  const order = shuffle(
    q.options.map((_, i) => i),
    seed,
  )
  return { question: { ...question, options: order.map((i) => q.options[i]!) }, order }
}

function shuffleWith<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items]
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[result[i], result[j]] = [result[j]!, result[i]!]
  }
  return result
}

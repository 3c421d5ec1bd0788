/**
 * Group commit for a hot path: calls that arrive together share one statement (a write,
 * or a read of one row per call).
 * `write` receives up to `maxItems` items and returns one result per item, in order;
 * while `concurrency` batches are in the database the next one gathers, so a burst of 5,000 writes
 * becomes a few dozen statements and a quiet moment costs one statement per call, after
 * at most `delayMs`. If a batch fails, each of its items is written alone (`writeOne`),
 * so one item's error (a unique key, a bad row) reaches that caller only.
 */
export function createStatementBatcher<I, O>(options: {
  write: (items: I[]) => Promise<O[]>
  writeOne?: (item: I) => Promise<O>
  maxItems?: number
  delayMs?: number
  concurrency?: number
}): (item: I) => Promise<O> {
  const maxItems = options.maxItems ?? 200
  const concurrency = options.concurrency ?? 4
  const delayMs = options.delayMs ?? 2
  const writeOne = options.writeOne ?? (async (item: I) => (await options.write([item]))[0]!)
  let pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = []
  let timer: NodeJS.Timeout | null = null
  let inFlight = 0

  const runBatch = async () => {
    timer = null
    const batch = pending.slice(0, maxItems)
    pending = pending.slice(batch.length)
    inFlight++
    schedule() // the next batch gathers while this one is written
    try {
      if (batch.length === 1) {
        const only = batch[0]!
        await writeOne(only.item).then(only.resolve, only.reject)
      } else {
        try {
          const results = await options.write(batch.map((b) => b.item))
          batch.forEach((b, i) => b.resolve(results[i]!))
        } catch {
          await Promise.all(batch.map((b) => writeOne(b.item).then(b.resolve, b.reject)))
        }
      }
    } finally {
      inFlight--
      if (pending.length > 0) schedule()
    }
  }
  const schedule = () => {
    if (inFlight >= concurrency || timer || pending.length === 0) return
    timer = setTimeout(() => void runBatch(), pending.length >= maxItems ? 0 : delayMs)
  }
  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject })
      schedule()
    })
}

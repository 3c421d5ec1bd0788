/**
 * A small in-process cache with a time limit, for public data that many people read at
 * once and that changes rarely (a published event's programme). Concurrent misses for
 * one key share a single load. Staleness is bounded by `ttlMs` on every node; writers
 * call `delete` so the node that made a change shows it at once.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    if (hit && hit.expires > this.now()) return hit.value
    const value = load()
    this.entries.set(key, { value, expires: this.now() + this.ttlMs })
    // A failed load is not cached.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    })
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }

  delete(key: string) {
    this.entries.delete(key)
  }

  clear() {
    this.entries.clear()
  }
}

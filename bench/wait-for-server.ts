/** Waits until a bench's server answers /healthz (polled every 250 ms); throws after `timeoutMs`. */
export async function waitForServer(base: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the server at ${base} did not start within ${timeoutMs / 1000} s`)
}

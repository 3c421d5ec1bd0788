import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * Re-runs the page's loaders while `active` (a certificate being issued, a batch running),
 * without a reload, and stops as soon as the loader says nothing is pending any more. Every
 * `everyMs` for the first minute, then three times slower, then ten times slower after five
 * minutes, so a page left open on a stuck job does not keep the server busy; never while the
 * tab is hidden. The revalidator is read through a ref, so its state changing does not
 * restart the clock.
 */
export function usePollWhile(active: boolean, everyMs = 2000) {
  const revalidator = useRevalidator()
  const current = useRef(revalidator)
  current.current = revalidator
  useEffect(() => {
    if (!active) return
    const started = Date.now()
    let timer: ReturnType<typeof setTimeout>
    const tick = () => {
      if (current.current.state === 'idle' && document.visibilityState !== 'hidden') current.current.revalidate()
      const elapsed = Date.now() - started
      timer = setTimeout(tick, elapsed < 60_000 ? everyMs : elapsed < 300_000 ? everyMs * 3 : everyMs * 10)
    }
    timer = setTimeout(tick, everyMs)
    return () => clearTimeout(timer)
  }, [active, everyMs])
}

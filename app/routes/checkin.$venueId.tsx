import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import type { CheckInRequest } from '~/schemas/check-in.ts'
import { idSchema } from '~/schemas/common.ts'
import { getCheckInDesk } from '~/services/attendance/get-check-in-desk.server.ts'
import { requireVenueCoordinator } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('签到', 'Check-in')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { venueId } = parseParams(z.object({ venueId: idSchema }), params)
    await requireVenueCoordinator(request, venueId)
    return getCheckInDesk(getDb(), venueId)
  })
}

type Outcome =
  | { ok: true; data: { outcome: 'recorded' | 'duplicate' | 'already_in'; kind?: 'ENTRY' | 'EXIT'; at: string; venueNameZh: string; venueNameEn: string; attendee: string } }
  | { ok: false; error: { code: string; message: string } }
const QUEUE_KEY = 'cme-checkin-queue'

function readQueue(): CheckInRequest[] {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]') as CheckInRequest[]
  } catch {
    return []
  }
}
function writeQueue(queue: CheckInRequest[]) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(queue))
}

export default function CheckInPage() {
  const { venue, counts } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const [kind, setKind] = useState<'ENTRY' | 'EXIT'>('ENTRY')
  const [queued, setQueued] = useState(0)
  const [message, setMessage] = useState<{ tone: 'ok' | 'warn' | 'bad'; text: string } | null>(null)
  const [scanning, setScanning] = useState(false)
  const flushing = useRef(false)
  const videoRef = useRef<HTMLVideoElement>(null)
  const scannerRef = useRef<{ stop: () => void; destroy: () => void } | null>(null)
  const tz = venue.event.timeZone

  const describe = useCallback(
    (r: Outcome): { tone: 'ok' | 'warn' | 'bad'; text: string } => {
      if (!r.ok) return { tone: 'bad', text: r.error.message }
      const d = r.data
      const time = formatTime(new Date(d.at), tz)
      const venueName = localized(locale, d.venueNameZh, d.venueNameEn)
      if (d.outcome === 'already_in') return { tone: 'warn', text: t('checkin.alreadyIn', { name: d.attendee, time, venue: venueName }) }
      if (d.outcome === 'duplicate') return { tone: 'warn', text: t('checkin.duplicate', { name: d.attendee }) }
      return { tone: 'ok', text: t('checkin.recorded', { name: d.attendee, kind: t(d.kind === 'EXIT' ? 'checkin.exit' : 'checkin.entry'), time }) }
    },
    [locale, t, tz],
  )

  /** Sends queued scans in order; stops at the first network failure and keeps the rest. */
  const flush = useCallback(async () => {
    if (flushing.current) return
    flushing.current = true
    let sent = 0
    try {
      let queue = readQueue()
      while (queue.length > 0) {
        const scan = queue[0]!
        let res: Response
        try {
          res = await fetch('/api/checkin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scan) })
        } catch {
          break // offline: keep the queue
        }
        if (res.status >= 500) break // server trouble: retry later
        const outcome = (await res.json().catch(() => null)) as Outcome | null
        if (!outcome) break
        setMessage(describe(outcome))
        // Logged out: the scan is kept for after the log-in, never dropped.
        if (res.status === 401) break
        queue = readQueue().filter((q) => q.nonce !== scan.nonce)
        writeQueue(queue)
        sent++
      }
      setQueued(queue.length)
      if (sent > 0 && queue.length === 0) revalidator.revalidate()
    } finally {
      flushing.current = false
    }
  }, [describe, revalidator])

  useEffect(() => {
    setQueued(readQueue().length)
    void flush()
    const onOnline = () => void flush()
    window.addEventListener('online', onOnline)
    const timer = setInterval(() => void flush(), 5000)
    return () => {
      window.removeEventListener('online', onOnline)
      clearInterval(timer)
    }
  }, [flush])

  const submitCode = useCallback(
    (code: string) => {
      const trimmed = code.trim()
      if (!trimmed) return
      const scan: CheckInRequest = { code: trimmed, venueId: venue.id, kind, nonce: crypto.randomUUID(), scannedAt: new Date().toISOString() }
      const queue = [...readQueue(), scan]
      writeQueue(queue)
      setQueued(queue.length)
      void flush().then(() => {
        const left = readQueue().length
        if (left > 0) setMessage({ tone: 'warn', text: t('checkin.queued', { count: left }) })
      })
    },
    [flush, kind, t, venue.id],
  )

  async function startCamera() {
    try {
      const { default: QrScanner } = await import('qr-scanner')
      if (!videoRef.current) return
      const scanner = new QrScanner(videoRef.current, (result) => submitCode(result.data), { returnDetailedScanResult: true, maxScansPerSecond: 2 })
      scannerRef.current = scanner
      await scanner.start()
      setScanning(true)
    } catch {
      setMessage({ tone: 'bad', text: t('checkin.cameraUnavailable') })
    }
  }
  function stopCamera() {
    scannerRef.current?.stop()
    scannerRef.current?.destroy()
    scannerRef.current = null
    setScanning(false)
  }
  useEffect(() => () => scannerRef.current?.destroy(), [])

  return (
    <section className="page checkin">
      <h1>{t('checkin.title', { venue: localized(locale, venue.nameZh, venue.nameEn) })}</h1>
      <p className="muted">{localized(locale, venue.event.titleZh, venue.event.titleEn)}</p>
      <div className="toggle" role="radiogroup">
        {(['ENTRY', 'EXIT'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(k === 'ENTRY' ? 'checkin.entry' : 'checkin.exit')}
          </label>
        ))}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const input = e.currentTarget.elements.namedItem('code') as HTMLInputElement
          submitCode(input.value)
          input.value = ''
          input.focus()
        }}
      >
        <div className="field">
          <label htmlFor="code">{t('checkin.code')}</label>
          <input id="code" name="code" autoComplete="off" autoCapitalize="off" spellCheck={false} />
        </div>
        <button type="submit">{t('checkin.submit')}</button>{' '}
        <button type="button" className="secondary" onClick={() => (scanning ? stopCamera() : void startCamera())}>
          {t(scanning ? 'checkin.stopCamera' : 'checkin.camera')}
        </button>
      </form>
      <video ref={videoRef} hidden={!scanning} muted playsInline style={{ width: '100%', marginTop: 12 }} />
      {message ? (
        <p className={`result ${message.tone}`} role="status" data-testid="checkin-result" data-tone={message.tone}>
          {message.text}
        </p>
      ) : null}
      <p className="muted" data-testid="queue-count" data-count={queued}>
        {queued > 0 ? t('checkin.queued', { count: queued }) : t('checkin.synced')}
      </p>
      <h2>{t('checkin.inside')}</h2>
      <ul data-testid="venue-counts">
        {counts.map((c) => (
          <li key={c.id} data-venue={c.id} data-inside={c.inside}>
            {localized(locale, c.nameZh, c.nameEn)}: {c.inside}
            {c.capacity ? ` / ${c.capacity}` : ''}
          </li>
        ))}
      </ul>
    </section>
  )
}

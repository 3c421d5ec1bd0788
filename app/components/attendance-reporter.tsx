import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { io, type Socket } from 'socket.io-client'

type Kind = 'JOIN' | 'LEAVE' | 'HEARTBEAT' | 'AWAY' | 'BACK' | 'PRESENCE_ACK'
type Pending = { kind: Kind; forumId: string; nonce: string; clientAt: string; promptId?: string; delivery?: 'WEBRTC' | 'HLS' }
type Prompt = { promptId: string; forumId: string; timeoutSec: number; shownAt: number }
export type AttendanceState = { status: 'connecting' | 'counting' | 'replaced' | 'refused'; message?: string }

const nonce = () => (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, '')

/**
 * Reports this viewer's attendance for a forum: JOIN on start, a HEARTBEAT every
 * `heartbeatSec` while the page is visible, AWAY/BACK when the tab is hidden or shown,
 * LEAVE when the page goes away. Unacknowledged events are kept and re-sent with the same
 * nonce after a reconnect, so a flaky network neither loses nor doubles them.
 * `delivery` (WebRTC or HLS, as the player receives the stage) goes with JOIN and HEARTBEAT
 * into the ledger; a change of mode takes effect from the next heartbeat, without a reconnect.
 */
export function useAttendance(forumId: string | null, delivery?: 'WEBRTC' | 'HLS') {
  const deliveryRef = useRef(delivery)
  deliveryRef.current = delivery
  const [state, setState] = useState<AttendanceState>({ status: 'connecting' })
  const [prompt, setPrompt] = useState<Prompt | null>(null)
  const socketRef = useRef<Socket | null>(null)
  const pending = useRef(new Map<string, Pending>())

  useEffect(() => {
    if (!forumId) return
    const socket = io('/attendance', { transports: ['websocket'], withCredentials: true })
    socketRef.current = socket
    let heartbeat: ReturnType<typeof setInterval> | undefined
    let replaced = false
    // Set on clean-up (another forum, leaving the page): this socket never says hello again, since a
    // late hello would close its successor (one viewer per registration).
    let leaving = false

    const send = (event: Pending) => {
      pending.current.set(event.nonce, event)
      socket
        .timeout(10_000)
        .emitWithAck('attendance', event)
        .then((reply: { ok: boolean }) => {
          if (reply.ok) pending.current.delete(event.nonce)
        })
        .catch(() => undefined /* kept in pending; re-sent on reconnect */)
    }
    const report = (kind: Kind, extra: Partial<Pending> = {}) => send({ kind, forumId, nonce: nonce(), clientAt: new Date().toISOString(), ...extra })

    socket.on('connect', async () => {
      if (leaving) return void socket.disconnect()
      const reply = (await socket.emitWithAck('hello', { forumId })) as { ok: boolean; data?: { heartbeatSec: number }; error?: { message: string } }
      if (!reply.ok) return setState({ status: 'refused', message: reply.error?.message })
      setState({ status: 'counting' })
      for (const event of pending.current.values()) send(event)
      const withDelivery = () => (deliveryRef.current ? { delivery: deliveryRef.current } : {})
      if (document.visibilityState === 'hidden') report('AWAY')
      else report('JOIN', withDelivery())
      clearInterval(heartbeat)
      heartbeat = setInterval(() => document.visibilityState === 'visible' && report('HEARTBEAT', withDelivery()), (reply.data?.heartbeatSec ?? 30) * 1000)
    })
    socket.on('replaced', (payload: { message: string }) => {
      replaced = true
      clearInterval(heartbeat)
      setState({ status: 'replaced', message: payload.message })
    })
    socket.on('presencePrompt', (p: Omit<Prompt, 'shownAt'>) => {
      if (p.forumId === forumId) setPrompt({ ...p, shownAt: Date.now() })
    })
    const onVisibility = () => !replaced && report(document.visibilityState === 'hidden' ? 'AWAY' : 'BACK')
    const onLeave = () => !replaced && report('LEAVE')
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onLeave)
    return () => {
      onLeave()
      leaving = true
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onLeave)
      clearInterval(heartbeat)
      // Give the LEAVE a moment to go out before closing.
      setTimeout(() => socket.disconnect(), 300)
      socketRef.current = null
    }
  }, [forumId])

  const confirmPresence = () => {
    if (!prompt || !socketRef.current) return
    const event: Pending = { kind: 'PRESENCE_ACK', forumId: prompt.forumId, promptId: prompt.promptId, nonce: nonce(), clientAt: new Date().toISOString() }
    pending.current.set(event.nonce, event)
    void socketRef.current.emitWithAck('attendance', event).then((reply: { ok: boolean }) => reply.ok && pending.current.delete(event.nonce))
    setPrompt(null)
  }
  return { state, prompt, confirmPresence }
}

/** "Still watching? Tap to confirm", with a countdown read out to screen readers. */
export function PresencePrompt({ prompt, onConfirm }: { prompt: Prompt | null; onConfirm: () => void }) {
  const { t } = useTranslation()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!prompt) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [prompt])
  if (!prompt) return null
  const left = Math.max(0, Math.ceil(prompt.timeoutSec - (now - prompt.shownAt) / 1000))
  return (
    <div className="presence-prompt" role="alertdialog" aria-labelledby="presence-title" aria-describedby="presence-left" data-testid="presence-prompt">
      <p id="presence-title">{t('attendance.promptTitle')}</p>
      <p id="presence-left" aria-live="polite">
        {left > 0 ? t('attendance.secondsLeft', { count: left }) : t('attendance.missed')}
      </p>
      <button type="button" onClick={onConfirm} autoFocus>
        {t('attendance.confirm')}
      </button>
    </div>
  )
}

/** A one-line status under the player: counting, or why not. */
export function AttendanceStatus({ state }: { state: AttendanceState }) {
  const { t } = useTranslation()
  if (state.status === 'counting') return <p className="muted attendance-status">{t('attendance.counting')}</p>
  if (state.status === 'connecting') return null
  return (
    <p className="form-error attendance-status" role="status" data-testid="attendance-status">
      {state.message}
    </p>
  )
}

/** The moderator's "presence check now" button: everyone watching this forum gets the prompt. */
export function PresenceCheckButton({ forumId }: { forumId: string }) {
  const { t } = useTranslation()
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const trigger = async () => {
    setBusy(true)
    const socket = io('/attendance', { transports: ['websocket'], withCredentials: true, reconnection: false })
    try {
      const reply = (await socket.timeout(10_000).emitWithAck('triggerPresencePrompt', { forumId })) as { ok: boolean; data?: { prompted: number }; error?: { message: string } }
      setResult(reply.ok ? { ok: true, text: t('attendance.prompted', { count: reply.data?.prompted ?? 0 }) } : { ok: false, text: reply.error?.message ?? '' })
    } catch {
      setResult({ ok: false, text: t('errors.unavailable') })
    } finally {
      socket.disconnect()
      setBusy(false)
    }
  }
  return (
    <span className="presence-check">
      <button type="button" className="button" onClick={() => void trigger()} disabled={busy} data-testid="presence-check">
        {t('attendance.checkNow')}
      </button>{' '}
      {result ? (
        <span role="status" className={result.ok ? 'muted' : 'error'} data-testid="presence-check-result">
          {result.text}
        </span>
      ) : null}
    </span>
  )
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { answersToResend, judgeSaveFailure, localAnswerKey, positionOfLocalKey, retryDelayMs, sameResponse, type UnsavedReason } from '~/domain/exam-autosave.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import { responseSchema } from '~/schemas/exam.ts'

export type SaveStatus = { state: 'saving' } | { state: 'saved' } | { state: 'unsaved'; reason: UnsavedReason; message?: string }

type Options = {
  attemptId: string
  /** What the server has, from the loader. */
  serverResponses: ReadonlyMap<number, QuestionResponse | null>
  /** An answer kept on this device that the server lacks: the page shows it again. */
  onRestore: (position: number, response: QuestionResponse) => void
  /** The server's time left, sent back with every save. */
  onRemaining: (ms: number) => void
  /** The server says the attempt is over (submitted, or time up). */
  onAttemptOver: () => void
}

type ApiReply = { remainingMs?: number; error?: { code?: string; message?: string } }

/**
 * Autosave of the attempt page (policy in app/domain/exam-autosave.ts). Every answer is
 * written to this device's storage before it is sent and removed once the server has it,
 * so a log-out, a time-out, a lost connection or a crash never loses it silently:
 * - network trouble (or 5xx): tried again with a growing delay, and at once when back online;
 * - logged out (401): tried again when the page gets the focus back, and on the next load;
 * - time up (409): the page shows the result, which lists what was not saved;
 * - refused (422, 403, 404…): shown with the server's reason, kept until changed.
 * On load, answers kept on the device that the server lacks are shown and sent again.
 */
export function useExamAutosave(options: Options) {
  const { attemptId } = options
  const api = `/api/exam-attempts/${attemptId}`
  const [status, setStatus] = useState<Record<number, SaveStatus>>({})
  /** The newest answer per question that the server does not have yet. */
  const unsaved = useRef(new Map<number, QuestionResponse>())
  const reasons = useRef(new Map<number, UnsavedReason>())
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>())
  const failures = useRef(new Map<number, number>())
  const chains = useRef(new Map<number, Promise<void>>())
  const stopped = useRef(false)
  const callbacks = useRef(options)
  callbacks.current = options

  const setOne = useCallback((position: number, next: SaveStatus) => {
    if (next.state === 'unsaved') reasons.current.set(position, next.reason)
    else reasons.current.delete(position)
    setStatus((s) => ({ ...s, [position]: next }))
  }, [])
  const clearTimer = useCallback((position: number) => {
    const timer = timers.current.get(position)
    if (timer) clearTimeout(timer)
    timers.current.delete(position)
  }, [])

  /** Sends the question's newest unsaved answer; saves of one question go one after another. */
  const send = useCallback(
    (position: number): Promise<void> => {
      clearTimer(position)
      const run = async () => {
        const response = unsaved.current.get(position)
        if (!response || stopped.current) return
        setOne(position, { state: 'saving' })
        let res: Response | null = null
        let reply: ApiReply = {}
        try {
          res = await fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ intent: 'save', position, response }) })
          reply = (await res.json().catch(() => ({}))) as ApiReply
        } catch {
          res = null
        }
        if (res?.ok) {
          failures.current.delete(position)
          if (typeof reply.remainingMs === 'number') callbacks.current.onRemaining(reply.remainingMs)
          // A newer answer given meanwhile stays unsaved; its own send follows.
          if (unsaved.current.get(position) === response) {
            unsaved.current.delete(position)
            forgetLocal(attemptId, position, response)
            setOne(position, { state: 'saved' })
          }
          return
        }
        const failure = judgeSaveFailure(res?.status ?? null, reply.error?.code)
        setOne(position, { state: 'unsaved', reason: failure.reason, message: reply.error?.message })
        if (failure.attemptOver) {
          stopped.current = true
          callbacks.current.onAttemptOver()
        } else if (failure.retry === 'backoff' && !stopped.current && !timers.current.has(position)) {
          const inARow = (failures.current.get(position) ?? 0) + 1
          failures.current.set(position, inARow)
          timers.current.set(
            position,
            setTimeout(() => void send(position), retryDelayMs(inARow)),
          )
        }
      }
      const next = (chains.current.get(position) ?? Promise.resolve()).then(run)
      chains.current.set(position, next)
      return next
    },
    [api, attemptId, clearTimer, setOne],
  )

  /** A new answer: kept on the device at once, sent now (a click) or when typing pauses. */
  const change = useCallback(
    (position: number, response: QuestionResponse, settle: 'now' | 'typing') => {
      unsaved.current.set(position, response)
      keepLocal(attemptId, position, response)
      failures.current.delete(position)
      clearTimer(position)
      if (settle === 'typing')
        timers.current.set(
          position,
          setTimeout(() => void send(position), 700),
        )
      else void send(position)
    },
    [attemptId, clearTimer, send],
  )

  /** Sends everything still unsaved (before submitting); resolves to how many remain unsaved. */
  const flushAll = useCallback(async () => {
    await Promise.all([...unsaved.current.keys()].map((p) => send(p)))
    return unsaved.current.size
  }, [send])

  // On load: answers this device kept that the server lacks are shown and sent again.
  useEffect(() => {
    stopped.current = false
    const local = readLocal(attemptId)
    const { resend, forget } = answersToResend(local, callbacks.current.serverResponses)
    for (const p of forget) forgetLocal(attemptId, p, local.get(p)!)
    for (const p of resend) {
      unsaved.current.set(p, local.get(p)!)
      callbacks.current.onRestore(p, local.get(p)!)
      void send(p)
    }
    const retry = (which: UnsavedReason[]) => {
      for (const [p, reason] of reasons.current) {
        if (!which.includes(reason) || !unsaved.current.has(p)) continue
        failures.current.delete(p)
        void send(p)
      }
    }
    // Back online: now, not at the end of the backoff. The focus back: maybe logged in again in another tab.
    const onOnline = () => retry(['network'])
    const onFocus = () => retry(['signed_out', 'network'])
    const onVisible = () => (document.visibilityState === 'visible' ? onFocus() : undefined)
    window.addEventListener('online', onOnline)
    window.addEventListener('focus', onFocus)
    document.addEventListener('visibilitychange', onVisible)
    const pendingTimers = timers.current
    return () => {
      stopped.current = true
      window.removeEventListener('online', onOnline)
      window.removeEventListener('focus', onFocus)
      document.removeEventListener('visibilitychange', onVisible)
      for (const timer of pendingTimers.values()) clearTimeout(timer)
      pendingTimers.clear()
    }
  }, [attemptId, send])

  return { status, change, send, flushAll }
}

/** Answers of this attempt kept on the device (anything unreadable is dropped). */
export function readLocal(attemptId: string): Map<number, QuestionResponse> {
  const found = new Map<number, QuestionResponse>()
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      const position = key === null ? null : positionOfLocalKey(key, attemptId)
      if (position === null) continue
      const parsed = responseSchema.safeParse(JSON.parse(localStorage.getItem(key!) ?? 'null'))
      if (parsed.success) found.set(position, parsed.data)
    }
  } catch {
    // Storage off (private mode) or a broken entry: the server's answers still stand.
  }
  return found
}

/** Forgets every answer of this attempt kept on the device. */
export function forgetAttemptLocally(attemptId: string) {
  for (const position of readLocal(attemptId).keys()) {
    try {
      localStorage.removeItem(localAnswerKey(attemptId, position))
    } catch {
      // storage off
    }
  }
}

function keepLocal(attemptId: string, position: number, response: QuestionResponse) {
  try {
    localStorage.setItem(localAnswerKey(attemptId, position), JSON.stringify(response))
  } catch {
    // Storage full or off: the answer is still sent; only the copy on the device is missing.
  }
}

/** Removes the kept copy, unless a newer answer replaced it meanwhile. */
function forgetLocal(attemptId: string, position: number, saved: QuestionResponse) {
  try {
    const key = localAnswerKey(attemptId, position)
    const kept = localStorage.getItem(key)
    if (kept === null) return
    const parsed = responseSchema.safeParse(JSON.parse(kept))
    if (!parsed.success || sameResponse(parsed.data, saved)) localStorage.removeItem(key)
  } catch {
    // storage off
  }
}

import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { RemoteMedia, StageClient, StageError as StageErrorType, StageState } from './stage-client.ts'
import { StageClient as Client, IDLE_STAGE_STATE as IDLE, StageError } from './stage-client.ts'
import { PlayerControls, usePlayerSound, type PlayerSound } from './player-controls.tsx'

const noSubscribe = () => () => undefined

/** A join token for a forum, fetched fresh for every (re)connect. */
export async function fetchLiveToken(forumId: string): Promise<string> {
  const res = await fetch(`/api/live/token?${new URLSearchParams({ forum: forumId })}`, { headers: { accept: 'application/json' }, cache: 'no-store' })
  const body = (await res.json().catch(() => null)) as { ok: boolean; data?: { token: string }; error?: { code: string; message: string } } | null
  if (!body?.ok || !body.data) throw new StageError(body?.error?.code ?? 'unavailable', body?.error?.message ?? res.statusText)
  return body.data.token
}

/**
 * One StageClient per forum while `enabled`: switching forums (a client-side navigation)
 * closes the old connection and opens the new one without reloading the page.
 */
export function useStageClient(options: { forumId: string; enabled: boolean; initialToken: string | null; locale: string; url?: string | null; signallingOnly?: boolean }) {
  const [client, setClient] = useState<StageClient | null>(null)
  const tokenRef = useRef(options.initialToken)
  tokenRef.current = options.initialToken
  // The page's token serves the first connection only: a later one (say, the HLS player turning to
  // WebRTC to go on stage) fetches a fresh token, which carries the role held now.
  const usedToken = useRef<string | null>(null)
  useEffect(() => {
    if (!options.enabled) return
    const initial = tokenRef.current && tokenRef.current !== usedToken.current ? tokenRef.current : undefined
    usedToken.current = tokenRef.current
    const c = new Client({
      initialToken: initial,
      getToken: () => fetchLiveToken(options.forumId),
      locale: options.locale,
      url: options.url ?? undefined,
      signallingOnly: options.signallingOnly,
    })
    setClient(c)
    void c.start()
    return () => {
      c.close()
      setClient(null)
    }
  }, [options.enabled, options.forumId, options.locale, options.url, options.signallingOnly])
  const state = useSyncExternalStore(client?.subscribe ?? noSubscribe, client?.getState ?? (() => IDLE), () => IDLE)
  return { client, state }
}

/** Which video fills the stage: a shared screen, else the active speaker's camera, else the first camera. */
export function pickMain(state: StageState): RemoteMedia | undefined {
  const videos = state.remote.filter((m) => m.kind === 'video')
  return videos.find((m) => m.source === 'screen') ?? videos.find((m) => m.source === 'camera' && m.peerId === state.activeSpeaker?.peerId) ?? videos.find((m) => m.source === 'camera')
}

export function VideoTile(props: { track: MediaStreamTrack; label: string; client?: StageClient | null; producerId?: string; mirrored?: boolean; className?: string; testId?: string }) {
  const ref = useRef<HTMLVideoElement>(null)
  const { track, client, producerId } = props
  useEffect(() => {
    const video = ref.current
    if (!video) return
    video.srcObject = new MediaStream([track])
    void video.play().catch(() => undefined)
    return () => {
      video.srcObject = null
    }
  }, [track])
  useEffect(() => {
    const video = ref.current
    if (!video || !client || !producerId || typeof ResizeObserver === 'undefined') return
    // The layer follows the size the video is drawn at, in device pixels.
    const observer = new ResizeObserver(([entry]) => entry && client.setRenderedWidth(producerId, entry.contentRect.width * (window.devicePixelRatio || 1)))
    observer.observe(video)
    return () => observer.disconnect()
  }, [client, producerId])
  return (
    <video
      ref={ref}
      className={[props.className, props.mirrored ? 'mirrored' : ''].filter(Boolean).join(' ')}
      autoPlay
      playsInline
      muted
      aria-label={props.label}
      data-testid={props.testId}
      data-producer-id={producerId}
    />
  )
}

/** Plays every remote audio track at the viewer's volume; reports when the browser blocks sound until a tap. */
function AudioSinks({ tracks, onBlocked, volume, muted }: { tracks: RemoteMedia[]; onBlocked: (blocked: boolean) => void; volume: number; muted: boolean }) {
  return (
    <div hidden>
      {tracks.map((m) => (
        <AudioSink key={m.consumerId} track={m.track} onBlocked={onBlocked} volume={volume} muted={muted} />
      ))}
    </div>
  )
}

function AudioSink({ track, onBlocked, volume, muted }: { track: MediaStreamTrack; onBlocked: (blocked: boolean) => void; volume: number; muted: boolean }) {
  const ref = useRef<HTMLAudioElement>(null)
  useEffect(() => {
    const audio = ref.current
    if (!audio) return
    audio.volume = volume
    audio.muted = muted
  }, [volume, muted])
  useEffect(() => {
    const audio = ref.current
    if (!audio) return
    audio.srcObject = new MediaStream([track])
    audio.play().then(
      () => onBlocked(false),
      () => onBlocked(true),
    )
    return () => {
      audio.srcObject = null
    }
  }, [track, onBlocked])
  return <audio ref={ref} autoPlay />
}

/**
 * What the audience sees: the main video, the other cameras as thumbnails, and the sound. The
 * videos are always muted (the sound plays in audio elements, which may autoplay unmuted where
 * the browser allows it; if not, a button asks for the tap). The player's controls set the
 * volume and mute of those audio elements, and put the stage in full screen.
 */
export function StageView({ state, client }: { state: StageState; client: StageClient | null }) {
  const { t } = useTranslation()
  const [soundBlocked, setSoundBlocked] = useState(false)
  const containerRef = useRef<HTMLDivElement>(null)
  const sound = usePlayerSound(false)
  const playBlocked = () => {
    for (const el of containerRef.current?.querySelectorAll('audio') ?? []) void el.play().catch(() => undefined)
    setSoundBlocked(false)
  }
  // Blocked sound shows as muted: unmuting is the tap that lets it play.
  const controlled: PlayerSound = {
    ...sound,
    muted: sound.muted || soundBlocked,
    setMuted: (muted) => {
      sound.setMuted(muted)
      if (!muted && soundBlocked) playBlocked()
    },
  }
  const main = pickMain(state)
  const others = state.remote.filter((m) => m.kind === 'video' && m !== main)
  const label = (m: RemoteMedia) => t(m.source === 'screen' ? 'live.screenOf' : 'live.videoOf', { name: m.name || t('live.stageSpeaker') })
  const speaking = state.activeSpeaker ? state.stage.find((p) => p.peerId === state.activeSpeaker?.peerId) : undefined
  return (
    <div ref={containerRef} className="stage" data-testid="stage" data-videos={state.remote.filter((m) => m.kind === 'video').length}>
      {main ? (
        <figure className="stage-main">
          <VideoTile track={main.track} label={label(main)} client={client} producerId={main.producerId} className="stage-video" testId="stage-video" />
          <figcaption>
            {main.name || t('live.stageSpeaker')}
            {speaking ? (
              <span className="speaking">
                {' '}
                · {t('live.speaking')}: {speaking.name}
              </span>
            ) : null}
          </figcaption>
        </figure>
      ) : null}
      {others.length > 0 ? (
        <ul className="stage-thumbs">
          {others.map((m) => (
            <li key={m.consumerId} className={m.peerId === state.activeSpeaker?.peerId ? 'active' : undefined}>
              <VideoTile track={m.track} label={label(m)} client={client} producerId={m.producerId} className="stage-thumb" />
            </li>
          ))}
        </ul>
      ) : null}
      <AudioSinks tracks={state.remote.filter((m) => m.kind === 'audio')} onBlocked={setSoundBlocked} volume={sound.volume} muted={sound.muted} />
      {soundBlocked ? (
        <button type="button" className="unmute" onClick={playBlocked}>
          {t('live.unmute')}
        </button>
      ) : null}
      {state.remote.length > 0 ? <PlayerControls containerRef={containerRef} sound={controlled} /> : null}
    </div>
  )
}

/**
 * The forum's chat: a log that screen readers announce politely, and a one-line form.
 * Moderators may delete a message and mute (or unmute) its author.
 */
export function ChatPanel({ state, client, me, moderator, closed = false }: { state: StageState; client: StageClient | null; me: string | null; moderator: boolean; closed?: boolean }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const mutedSelf = !!me && state.chatMuted.includes(me)
  return (
    <section className="live-chat" aria-labelledby="chat-title">
      <h2 id="chat-title">{t('live.chat')}</h2>
      <ol className="chat-log" role="log" aria-live="polite" data-testid="chat-log">
        {state.chat.length === 0 ? <li className="muted">{t('live.chatEmpty')}</li> : null}
        {state.chat.map((m) => (
          <li key={m.messageId} data-role={m.role}>
            <span className="chat-name">{m.name}</span> <span className="chat-text">{m.text}</span>
            {moderator ? (
              <span className="chat-actions">
                <button type="button" className="small secondary" onClick={() => void client?.deleteChat(m.messageId)}>
                  {t('live.deleteMessage')}
                </button>
                {m.userId !== me ? (
                  <button type="button" className="small secondary" onClick={() => void client?.muteInChat(m.userId, !state.chatMuted.includes(m.userId))}>
                    {state.chatMuted.includes(m.userId) ? t('live.unmuteUser') : t('live.muteUser')}
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {mutedSelf ? <p className="muted">{t('live.chatMutedNotice')}</p> : null}
      {closed ? (
        <p className="muted" data-testid="chat-closed">
          {t('live.chatClosed')}
        </p>
      ) : null}
      <form
        hidden={closed}
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault()
          const message = text.trim()
          if (!message || !client) return
          client.sendChat(message).then(
            () => {
              setText('')
              setError(null)
            },
            (err: StageErrorType) => setError(err.message),
          )
        }}
      >
        <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} placeholder={t('live.chatMessage')} aria-label={t('live.chatMessage')} disabled={mutedSelf} />
        <button type="submit" disabled={!client || mutedSelf || !text.trim()}>
          {t('live.send')}
        </button>
      </form>
      {error ? (
        <p className="flash error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  )
}

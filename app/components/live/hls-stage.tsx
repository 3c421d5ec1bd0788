import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { Delivery, DeliveryPreference } from '~/domain/stream-delivery.ts'
import { HlsLiveClient, IDLE_HLS_STATE, type HlsPlayerState } from './hls-client.ts'
import { PlayerControls, usePlayerSound } from './player-controls.tsx'

const noSubscribe = () => () => undefined

/** The cookie (read by the player's loader) and localStorage key that remember a viewer's stable-mode choice. */
export const DELIVERY_PREFERENCE_COOKIE = 'cme_delivery'

/** Remembers the viewer's choice for a year, on this device (the loader reads the cookie; localStorage keeps a copy). */
export function rememberDeliveryPreference(preference: DeliveryPreference) {
  document.cookie = `${DELIVERY_PREFERENCE_COOKIE}=${preference}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax`
  try {
    window.localStorage.setItem(DELIVERY_PREFERENCE_COOKIE, preference)
  } catch {
    // private mode: the cookie is enough
  }
}

/** One HLS player per forum while `enabled`, bound to the <video> it returns a ref for. */
export function useHlsPlayer(options: { forumId: string; enabled: boolean; venue?: boolean }) {
  const videoRef = useRef<HTMLVideoElement>(null)
  const [client, setClient] = useState<HlsLiveClient | null>(null)
  useEffect(() => {
    const video = videoRef.current
    if (!options.enabled || !video) return
    const c = new HlsLiveClient({ forumId: options.forumId, video, venue: options.venue })
    setClient(c)
    void c.start()
    return () => {
      c.close()
      setClient(null)
    }
  }, [options.enabled, options.forumId, options.venue])
  const state = useSyncExternalStore(client?.subscribe ?? noSubscribe, client?.getState ?? (() => IDLE_HLS_STATE), () => IDLE_HLS_STATE)
  return { videoRef, state }
}

/**
 * The HLS picture: one video, muted until the viewer taps for sound (browsers block sound
 * before a gesture). Under it mute, volume and full screen; no seeking: it is live. A venue
 * screen has no controls at all.
 */
export function HlsStage({ videoRef, state, venue = false }: { videoRef: React.RefObject<HTMLVideoElement>; state: HlsPlayerState; venue?: boolean }) {
  const { t } = useTranslation()
  const containerRef = useRef<HTMLDivElement>(null)
  const sound = usePlayerSound(true)
  const { muted, setMuted, volume } = sound
  useEffect(() => {
    if (videoRef.current) videoRef.current.volume = volume
  }, [videoRef, volume])
  return (
    <div
      ref={containerRef}
      className={venue ? 'stage hls-stage venue-stage' : 'stage hls-stage'}
      data-testid="stage"
      data-delivery="HLS"
      data-hls-status={state.status}
      data-recoveries={state.recoveries}
    >
      <figure className="stage-main">
        <video ref={videoRef} className="stage-video" autoPlay playsInline muted={muted} data-testid="hls-video" aria-label={t('player.mode.HLS')} />
      </figure>
      {muted && !venue ? (
        <button type="button" className="unmute" onClick={() => setMuted(false)}>
          {t('player.tapForSound')}
        </button>
      ) : null}
      {venue ? null : <PlayerControls containerRef={containerRef} sound={sound} />}
      {venue && muted ? (
        // A venue screen is set up once by a technician: one tap anywhere turns the sound on.
        <button type="button" className="venue-unmute" onClick={() => setMuted(false)} aria-label={t('player.tapForSound')}>
          {t('player.tapForSound')}
        </button>
      ) : null}
    </div>
  )
}

/** Which mode the player is in, how far behind live (HLS), and the viewer's switch between the two. */
export function DeliveryBar(props: {
  delivery: Delivery
  preference: DeliveryPreference
  behindLiveSec: number | null
  full: boolean
  canSwitch: boolean
  onSwitch: (preference: DeliveryPreference) => void
}) {
  const { t } = useTranslation()
  const { delivery, preference } = props
  return (
    <div className="delivery-bar" data-testid="delivery-mode" data-delivery={delivery}>
      <span className="badge">{t(`player.mode.${delivery}`)}</span>{' '}
      <span className="muted" data-testid="behind-live">
        {delivery === 'WEBRTC' ? t('player.modeNoteWebrtc') : props.behindLiveSec === null ? t('player.behindLiveUnknown') : t('player.behindLive', { seconds: props.behindLiveSec })}
      </span>
      {delivery === 'HLS' && props.full ? <p className="muted">{t('player.modeNoteFull')}</p> : null}
      {props.canSwitch ? (
        <button type="button" className="button small secondary" data-testid="delivery-switch" onClick={() => props.onSwitch(preference === 'stable' ? 'auto' : 'stable')}>
          {preference === 'stable' ? t('player.useAuto') : t('player.useStable')}
        </button>
      ) : null}
    </div>
  )
}

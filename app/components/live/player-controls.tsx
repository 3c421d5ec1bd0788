import { useCallback, useEffect, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import './player-controls.css'

/** The localStorage key that remembers a viewer's volume on this device (0–1). */
export const PLAYER_VOLUME_KEY = 'cme_player_volume'

/** A stored volume, or null when there is none or it is not a number in 0–1. */
export function parseStoredVolume(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null
  const value = Number(raw)
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : null
}

export type PlayerSound = { volume: number; muted: boolean; setVolume: (volume: number) => void; setMuted: (muted: boolean) => void }

/**
 * The viewer's sound. The volume is remembered on this device (read after mount, so the server's
 * HTML and the first render agree); whether it starts muted is the player's own choice, because
 * browsers refuse to autoplay sound before a gesture, so a remembered "unmuted" must not be
 * replayed on load. Raising the volume of a muted player unmutes it (the slider is a gesture).
 */
export function usePlayerSound(startMuted: boolean): PlayerSound {
  const [volume, setVolumeState] = useState(1)
  const [muted, setMuted] = useState(startMuted)
  useEffect(() => {
    try {
      const stored = parseStoredVolume(window.localStorage.getItem(PLAYER_VOLUME_KEY))
      if (stored !== null) setVolumeState(stored)
    } catch {
      // storage refused (private mode): full volume
    }
  }, [])
  const setVolume = useCallback((next: number) => {
    const value = Math.min(1, Math.max(0, next))
    setVolumeState(value)
    if (value > 0) setMuted(false)
    try {
      window.localStorage.setItem(PLAYER_VOLUME_KEY, String(value))
    } catch {
      // not remembered, still applied
    }
  }, [])
  return { volume, muted, setVolume, setMuted }
}

type WebkitDocument = Document & { webkitFullscreenElement?: Element | null; webkitFullscreenEnabled?: boolean; webkitExitFullscreen?: () => void }
type WebkitElement = HTMLElement & { webkitRequestFullscreen?: () => void }
type WebkitVideo = HTMLVideoElement & { webkitEnterFullscreen?: () => void }

/**
 * Full screen for the player's container (the picture with its controls) through the Fullscreen
 * API; where a page cannot go full screen (Safari on iPhone), the video itself does, in the
 * system player.
 */
function useFullscreen(containerRef: RefObject<HTMLElement>) {
  const [active, setActive] = useState(false)
  useEffect(() => {
    const doc = document as WebkitDocument
    const update = () => {
      const el = doc.fullscreenElement ?? doc.webkitFullscreenElement ?? null
      setActive(!!el && el === containerRef.current)
    }
    document.addEventListener('fullscreenchange', update)
    document.addEventListener('webkitfullscreenchange', update)
    return () => {
      document.removeEventListener('fullscreenchange', update)
      document.removeEventListener('webkitfullscreenchange', update)
    }
  }, [containerRef])
  const toggle = () => {
    const doc = document as WebkitDocument
    const container = containerRef.current as WebkitElement | null
    if (!container) return
    if (active) {
      if (doc.exitFullscreen) void doc.exitFullscreen().catch(() => undefined)
      else doc.webkitExitFullscreen?.()
      return
    }
    const video = container.querySelector<WebkitVideo>('video.stage-video')
    const videoFallback = () => video?.webkitEnterFullscreen?.()
    if (doc.fullscreenEnabled && container.requestFullscreen) void container.requestFullscreen().catch(videoFallback)
    else if (doc.webkitFullscreenEnabled && container.webkitRequestFullscreen) container.webkitRequestFullscreen()
    else videoFallback()
  }
  return { active, toggle }
}

/**
 * Whether a page may set the volume of a media element here. Safari on iPhone and iPad leaves
 * the level to the device's buttons: a volume set from script is ignored and reads back as 1
 * (Apple, "Volume Control in JavaScript"); newer iOS versions show the new value for a moment
 * and put it back, hence the second look after a tick. True until the probe has run, so the
 * server's HTML and the first render agree.
 */
function useVolumeSettable(): boolean {
  const [settable, setSettable] = useState(true)
  useEffect(() => {
    const probe = document.createElement('audio')
    probe.volume = 0.5
    if (probe.volume !== 0.5) {
      setSettable(false)
      return
    }
    const timer = setTimeout(() => probe.volume !== 0.5 && setSettable(false), 0)
    return () => clearTimeout(timer)
  }, [])
  return settable
}

/**
 * The player's controls under the picture, on phone and PC: mute, volume and full screen,
 * labelled in the viewer's language and usable from the keyboard (buttons and a range input).
 * Where the browser ignores a page's volume (iPhone, iPad) there is no slider: it would move
 * and change nothing. The phone's own buttons set the level; mute stays, as the page can mute.
 */
export function PlayerControls({ containerRef, sound }: { containerRef: RefObject<HTMLElement>; sound: PlayerSound }) {
  const { t } = useTranslation()
  const fullscreen = useFullscreen(containerRef)
  const volumeSettable = useVolumeSettable()
  const percent = Math.round(sound.volume * 100)
  return (
    <div className="player-controls" role="group" aria-label={t('playerControls.label')} data-testid="player-controls" data-volume={volumeSettable ? 'slider' : 'device'}>
      <button type="button" className="player-button" onClick={() => sound.setMuted(!sound.muted)} data-testid="player-mute" data-muted={sound.muted}>
        {sound.muted ? t('playerControls.unmute') : t('playerControls.mute')}
      </button>
      {volumeSettable ? (
        <label className="player-volume">
          <span className="sr-only">{t('playerControls.volume')}</span>
          <input type="range" min={0} max={100} step={5} value={percent} aria-valuetext={`${percent}%`} onChange={(e) => sound.setVolume(Number(e.target.value) / 100)} data-testid="player-volume" />
        </label>
      ) : null}
      <button type="button" className="player-button" onClick={fullscreen.toggle} data-testid="player-fullscreen" data-active={fullscreen.active}>
        {fullscreen.active ? t('playerControls.exitFullscreen') : t('playerControls.fullscreen')}
      </button>
    </div>
  )
}

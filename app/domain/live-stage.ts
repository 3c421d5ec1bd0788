import type { LiveRole, LiveStatus } from './live-token.ts'

/**
 * Who may join a forum's live stage, and as what. Forum moderators (assigned, or staff)
 * run it; someone the moderator invited on stage speaks; anyone with a CONFIRMED
 * registration for the forum's event watches. Everyone else is refused.
 */
export function liveRoleFor(input: { canModerate: boolean; invitedToStage: boolean; registrationStatus: string | null }): LiveRole | null {
  if (input.canModerate) return 'moderator'
  if (input.invitedToStage) return 'speaker'
  if (input.registrationStatus === 'CONFIRMED') return 'viewer'
  return null
}

export const LIVE_ACTIONS = ['go_live', 'pause', 'end'] as const
export type LiveAction = (typeof LIVE_ACTIONS)[number]

/**
 * The stage's state machine: OFFLINE → LIVE ⇄ PAUSED → ENDED. Ending is final (the replay
 * follows), and a forum that never went live cannot end. Null: the action is not allowed now.
 */
export function nextLiveStatus(current: LiveStatus, action: LiveAction): LiveStatus | null {
  switch (action) {
    case 'go_live':
      return current === 'OFFLINE' || current === 'PAUSED' ? 'LIVE' : null
    case 'pause':
      return current === 'LIVE' ? 'PAUSED' : null
    case 'end':
      return current === 'LIVE' || current === 'PAUSED' ? 'ENDED' : null
  }
}

/**
 * The simulcast layer a viewer should receive: the smallest whose width covers the video's
 * rendered width in device pixels (layers are 1/4, 1/2 and the full capture width), so a
 * phone in portrait gets the small layer and a full-screen desktop the full one. The SFU
 * still drops below this by itself when the viewer's bandwidth falls.
 */
export function spatialLayerFor(renderedWidthPx: number, captureWidthPx: number, layers = 3): number {
  if (!(renderedWidthPx > 0) || !(captureWidthPx > 0)) return 0
  for (let layer = 0; layer < layers; layer++) {
    const width = captureWidthPx / 2 ** (layers - 1 - layer)
    if (width >= renderedWidthPx) return layer
  }
  return layers - 1
}

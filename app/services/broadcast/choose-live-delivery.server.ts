import type { LiveRole } from '~/domain/live-token.ts'
import { chooseDelivery, webrtcViewerCapacity, type Delivery, type DeliveryPreference } from '~/domain/stream-delivery.ts'
import { getEnv } from '~/utils/env.server.ts'
import { currentWebRtcViewers, noteWebRtcViewerAdmitted } from '~/utils/webrtc-viewers.server.ts'

/**
 * WebRTC or HLS for one person opening the player (or a venue screen): the rule is
 * app/domain/stream-delivery.ts; the count is the node's cached WebRTC viewer count
 * (app/utils/webrtc-viewers.server.ts), so a rush of players never asks the media server more
 * than once every two seconds. A viewer sent to WebRTC is counted at once, so a burst between
 * two counts does not overshoot the capacity.
 */
export async function chooseLiveDelivery(input: { role: LiveRole; preference: DeliveryPreference; venue?: boolean }): Promise<Delivery> {
  const env = getEnv()
  const venue = input.venue ?? false
  const needsCount = input.role === 'viewer' && !venue && input.preference === 'auto' && env.BROADCAST === 'on'
  const delivery = chooseDelivery({
    role: input.role,
    preference: input.preference,
    venue,
    hlsAvailable: env.BROADCAST === 'on',
    capacity: webrtcViewerCapacity(env),
    webrtcViewers: needsCount ? await currentWebRtcViewers() : null,
  })
  if (delivery === 'WEBRTC' && input.role === 'viewer') noteWebRtcViewerAdmitted()
  return delivery
}

/**
 * Delivery of the broadcast (issue 12): why a signed HLS address was refused. The
 * route translates `hlsAccess.<reason>` when a refusal carries one, else `errors.<code>`.
 */
export const zhCN = {
  hlsAccess: {
    no_recording: '本论坛目前没有直播画面。',
    no_replay: '本论坛暂无回放。',
    replay_not_yet: '回放尚未开放，请稍后再来。',
    replay_ended: '回放已过开放期。',
    not_registered: '报名此活动并确认后才能观看直播和回放。',
  },
}

export const en: typeof zhCN = {
  hlsAccess: {
    no_recording: 'This forum has no live picture at the moment.',
    no_replay: 'There is no replay of this forum yet.',
    replay_not_yet: 'The replay is not open yet; please come back later.',
    replay_ended: 'The replay is no longer available.',
    not_registered: 'Register for this event, and wait for confirmation, to watch it live or as a replay.',
  },
}

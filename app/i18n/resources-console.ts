/**
 * The moderator console on one screen (issue 15 §5): its tabs with unread counts, the
 * current-talk bar; and the player's own controls (full screen, volume, mute).
 */
export const zhCN = {
  liveConsole: {
    panels: '互动面板',
    unread: '{{count}} 条新内容',
    agenda: '日程',
    now: '正在进行',
    next: '下一场',
    noCurrent: '当前没有进行中的日程',
    noAgenda: '本论坛尚未排定日程。',
    agendaOver: '今日日程已全部结束。',
    timeLeft: '剩余 {{time}}',
    startsAt: '{{time}} 开始',
    startsIn: '{{time}} 后开始',
    speakers: '讲者：{{names}}',
  },
  playerControls: {
    label: '播放控制',
    mute: '静音',
    unmute: '取消静音',
    volume: '音量',
    fullscreen: '全屏',
    exitFullscreen: '退出全屏',
  },
}

export const en: typeof zhCN = {
  liveConsole: {
    panels: 'Interaction panels',
    unread: '{{count}} new',
    agenda: 'Agenda',
    now: 'Now',
    next: 'Next',
    noCurrent: 'Nothing on the agenda right now',
    noAgenda: 'This forum has no agenda yet.',
    agendaOver: 'The agenda is over for today.',
    timeLeft: '{{time}} left',
    startsAt: 'starts at {{time}}',
    startsIn: 'starts in {{time}}',
    speakers: 'Speakers: {{names}}',
  },
  playerControls: {
    label: 'Player controls',
    mute: 'Mute',
    unmute: 'Unmute',
    volume: 'Volume',
    fullscreen: 'Full screen',
    exitFullscreen: 'Exit full screen',
  },
}

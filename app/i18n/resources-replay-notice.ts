/**
 * What an ended forum's live and forum pages say about its replay (issue 15 §4,
 * app/domain/replay-notice.ts), and the live page's words for the forum switcher.
 */
export const zhCN = {
  replayNotice: {
    available: '本论坛的回放已上线。',
    opens: '回放将于 {{time}} 上线。',
    preparing: '回放正在准备中，发布后即可在此观看。',
    closed: '本论坛的回放已下线。',
    none: '本论坛没有发布回放。',
  },
}

export const en: typeof zhCN = {
  replayNotice: {
    available: 'The replay of this forum is published.',
    opens: 'The replay opens on {{time}}.',
    preparing: 'The replay is being prepared; it will be here once it is published.',
    closed: 'The replay of this forum is no longer available.',
    none: 'No replay is published for this forum.',
  },
}

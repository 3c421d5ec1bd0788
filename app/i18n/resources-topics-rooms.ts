/**
 * Event topics and forum rooms (issue 15): the events list's topic filter and each card's topics,
 * the staff forms' topic boxes and room fields, and where a forum is held on its page and card.
 * The topics' own labels are data of the list (app/domain/event-topics.ts). Spread into
 * resources.ts as the `topicsRooms` namespace; the resources test checks both languages have the
 * same keys.
 */
export const zhCN = {
  topicsRooms: {
    filter: '主题',
    filterAny: '全部主题',
    cardTopics: '主题：',
    place: '地点',
    staff: {
      topics: '主题',
      topicsHint: '活动列表可按主题筛选；可选多个，也可不选。',
      roomZh: '厅室（中文）',
      roomEn: '厅室（英文）',
      roomHint: '论坛在会场内举行的厅室，如“3楼 报告厅A”，最多 80 字；显示在论坛页面和日历的地点中。',
    },
    invalidTopic: '请从列表中选择主题。',
  },
}

export const en = {
  topicsRooms: {
    filter: 'Topic',
    filterAny: 'Any topic',
    cardTopics: 'Topics:',
    place: 'Where',
    staff: {
      topics: 'Topics',
      topicsHint: 'The events list can be filtered by topic; choose any number, or none.',
      roomZh: 'Room (Chinese)',
      roomEn: 'Room (English)',
      roomHint: 'The room of the venue the forum is held in, e.g. "Hall A, 3rd floor", up to 80 characters; shown on the forum page and in the calendars’ location.',
    },
    invalidTopic: 'Choose topics from the list.',
  },
}

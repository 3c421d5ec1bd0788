import { describe, expect, test } from 'vitest'
import { forumPlace, placeName, roomFor } from './forum-place.ts'

describe('where a forum is held', () => {
  test.each([
    ['国际会议中心', '3楼 报告厅A', '国际会议中心 · 3楼 报告厅A'],
    ['国际会议中心', '', '国际会议中心'],
    ['', 'Hall A', 'Hall A'],
    ['', '', ''],
  ])('place of %j and room %j: %j', (venue, room, expected) => {
    expect(placeName(venue, room)).toBe(expected)
  })

  const room = { roomZh: ' 3楼 报告厅A ', roomEn: 'Hall A, 3rd floor' }
  test.each([
    { label: 'a main venue, in Chinese', venue: { kind: 'MAIN' as const }, forum: room, locale: 'zh-CN' as const, expected: '3楼 报告厅A' },
    { label: 'a main venue, in English', venue: { kind: 'MAIN' as const }, forum: room, locale: 'en' as const, expected: 'Hall A, 3rd floor' },
    { label: 'no venue yet', venue: null, forum: room, locale: 'en' as const, expected: 'Hall A, 3rd floor' },
    { label: 'English missing: the Chinese stands in', venue: { kind: 'MAIN' as const }, forum: { roomZh: '报告厅A', roomEn: '' }, locale: 'en' as const, expected: '报告厅A' },
    { label: 'a branch venue watches in a hall of its own', venue: { kind: 'BRANCH' as const }, forum: room, locale: 'zh-CN' as const, expected: '' },
    { label: 'no room', venue: { kind: 'MAIN' as const }, forum: { roomZh: '', roomEn: '' }, locale: 'zh-CN' as const, expected: '' },
  ])('the room with $label', ({ venue, forum, locale, expected }) => {
    expect(roomFor(venue, forum, locale)).toBe(expected)
  })

  const venue = (kind: 'MAIN' | 'BRANCH') => ({ kind, nameZh: '上海国际会议中心', nameEn: 'Shanghai International Convention Center', city: '上海' })
  test.each([
    { label: 'venue, room and city in Chinese', venue: venue('MAIN'), forum: room, locale: 'zh-CN' as const, expected: '上海国际会议中心 · 3楼 报告厅A，上海' },
    { label: 'venue, room and city in English', venue: venue('MAIN'), forum: room, locale: 'en' as const, expected: 'Shanghai International Convention Center · Hall A, 3rd floor, 上海' },
    { label: 'a branch venue, without the main venue’s room', venue: venue('BRANCH'), forum: room, locale: 'zh-CN' as const, expected: '上海国际会议中心，上海' },
    { label: 'no room', venue: venue('MAIN'), forum: { roomZh: '', roomEn: '' }, locale: 'zh-CN' as const, expected: '上海国际会议中心，上海' },
    { label: 'a room before the venue is set', venue: null, forum: room, locale: 'zh-CN' as const, expected: '3楼 报告厅A' },
    { label: 'neither: online only', venue: null, forum: { roomZh: '', roomEn: '' }, locale: 'en' as const, expected: '' },
  ])('a forum’s place: $label', ({ venue, forum, locale, expected }) => {
    expect(forumPlace(venue, forum, locale)).toBe(expected)
  })
})

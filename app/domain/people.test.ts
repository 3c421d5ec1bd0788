import { describe, expect, test } from 'vitest'
import { formatPeopleLines, parseEmailList, parsePeopleLines } from './people.ts'

describe('parsePeopleLines', () => {
  test.each([
    ['a Chinese name alone', '王辰', [{ nameZh: '王辰', nameEn: '王辰', affiliationZh: '', affiliationEn: '' }]],
    ['all four parts', '王辰 | Wang Chen | 中国医学科学院 | CAMS', [{ nameZh: '王辰', nameEn: 'Wang Chen', affiliationZh: '中国医学科学院', affiliationEn: 'CAMS' }]],
    ['full-width bars', '李兰娟｜Li Lanjuan｜浙江大学', [{ nameZh: '李兰娟', nameEn: 'Li Lanjuan', affiliationZh: '浙江大学', affiliationEn: '浙江大学' }]],
    ['blank lines and spaces are ignored', '\n  张文宏  |  Zhang Wenhong \r\n\n', [{ nameZh: '张文宏', nameEn: 'Zhang Wenhong', affiliationZh: '', affiliationEn: '' }]],
    ['a repeated person is listed once', '张三 | Zhang San | 甲医院\n张三 | Z. San | 甲医院', [{ nameZh: '张三', nameEn: 'Zhang San', affiliationZh: '甲医院', affiliationEn: '甲医院' }]],
    [
      'same name, different hospital: two people',
      '张三 | | 甲医院\n张三 | | 乙医院',
      [
        { nameZh: '张三', nameEn: '张三', affiliationZh: '甲医院', affiliationEn: '甲医院' },
        { nameZh: '张三', nameEn: '张三', affiliationZh: '乙医院', affiliationEn: '乙医院' },
      ],
    ],
    ['empty text', '', []],
  ])('%s', (_name, text, people) => {
    expect(parsePeopleLines(text)).toEqual({ people, error: null })
  })

  test.each([
    ['no Chinese name', '王辰\n | Wang Chen', 2],
    ['too many parts', 'a | b | c | d | e', 1],
    ['a part that is too long', `王辰 | ${'x'.repeat(201)}`, 1],
  ])('refuses %s, naming the line', (_name, text, line) => {
    expect(parsePeopleLines(text)).toEqual({ people: [], error: { line, code: 'validation.personLine' } })
  })

  test('refuses more than 30 people for one item', () => {
    const text = Array.from({ length: 31 }, (_, i) => `讲者${i}`).join('\n')
    expect(parsePeopleLines(text).error).toEqual({ line: 31, code: 'validation.tooManyPeople' })
  })
})

describe('parseEmailList', () => {
  test.each([
    ['a@x.org, B@x.org', ['a@x.org', 'b@x.org']],
    ['a@x.org；b@x.org，c@x.org、d@x.org', ['a@x.org', 'b@x.org', 'c@x.org', 'd@x.org']],
    ['a@x.org\na@x.org', ['a@x.org']],
    ['  ', []],
  ])('%j', (text, emails) => expect(parseEmailList(text)).toEqual(emails))
})

describe('formatPeopleLines', () => {
  test.each([
    ['nobody', []],
    ['a full line', [{ nameZh: '王辰', nameEn: 'Wang Chen', affiliationZh: '中国医学科学院', affiliationEn: 'CAMS' }]],
    ['no affiliation', [{ nameZh: '李兰娟', nameEn: 'Li Lanjuan', affiliationZh: '', affiliationEn: '' }]],
    [
      'two people',
      [
        { nameZh: '甲', nameEn: 'A', affiliationZh: '医院', affiliationEn: 'Hospital' },
        { nameZh: '乙', nameEn: 'B', affiliationZh: '大学', affiliationEn: 'University' },
      ],
    ],
  ])('%s reads back the same', (_name, people) => {
    expect(parsePeopleLines(formatPeopleLines(people))).toEqual({ people, error: null })
  })
})

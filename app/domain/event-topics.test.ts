import { describe, expect, test } from 'vitest'
import { EVENT_TOPICS, isEventTopic, normaliseTopics, parseTopicFields, TOPIC_LABELS, topicLabel, topicsMatching } from './event-topics.ts'

describe('the topic list', () => {
  test('every topic has a Chinese and an English label, and no two topics share one', () => {
    for (const topic of EVENT_TOPICS) {
      expect(TOPIC_LABELS[topic].zh, topic).toMatch(/\p{Script=Han}/u)
      expect(TOPIC_LABELS[topic].en, topic).toMatch(/^[A-Z][a-z ]+$/)
    }
    expect(new Set(EVENT_TOPICS.map((t) => TOPIC_LABELS[t].zh)).size).toBe(EVENT_TOPICS.length)
    expect(new Set(EVENT_TOPICS.map((t) => TOPIC_LABELS[t].en)).size).toBe(EVENT_TOPICS.length)
    expect(Object.keys(TOPIC_LABELS).sort()).toEqual([...EVENT_TOPICS].sort())
  })

  test('keys are URL-safe, as the events list carries them in ?topic=', () => {
    for (const topic of EVENT_TOPICS) expect(encodeURIComponent(topic)).toBe(topic)
  })

  test.each([
    ['cardiology', 'zh-CN', '心血管'],
    ['cardiology', 'en', 'Cardiology'],
    ['hospital-management', 'zh-CN', '医院管理'],
    ['obstetrics-gynaecology', 'en', 'Obstetrics and gynaecology'],
    ['other', 'zh-CN', '其他'],
  ] as const)('%s in %s reads %s', (topic, locale, label) => {
    expect(topicLabel(topic, locale)).toBe(label)
  })

  test.each([
    ['cardiology', true],
    ['critical-care', true],
    ['Cardiology', false],
    ['critical_care', false],
    ['', false],
    ['toString', false],
  ])('%j is a topic: %s', (value, expected) => {
    expect(isEventTopic(value)).toBe(expected)
  })
})

describe('stored topics', () => {
  test.each([
    { label: 'kept in the list’s order', stored: ['nursing', 'cardiology'], expected: ['cardiology', 'nursing'] },
    { label: 'each once', stored: ['oncology', 'oncology'], expected: ['oncology'] },
    { label: 'a retired key left out', stored: ['dermatology', 'surgery'], expected: ['surgery'] },
    { label: 'none', stored: [], expected: [] },
  ])('$label', ({ stored, expected }) => {
    expect(normaliseTopics(stored)).toEqual(expected)
  })
})

describe('the staff form’s topic boxes', () => {
  test.each([
    { label: 'ticked boxes, in the list’s order', form: { titleZh: 'x', topic_nursing: 'on', topic_cardiology: 'on' }, topics: ['cardiology', 'nursing'], invalid: [] },
    { label: 'none ticked', form: { titleZh: 'x', intent: 'save-event' }, topics: [], invalid: [] },
    { label: 'an unknown topic', form: { topic_dermatology: 'on', topic_surgery: 'on' }, topics: ['surgery'], invalid: ['topic_dermatology'] },
    { label: 'a value a checkbox does not send', form: { topic_surgery: 'yes' }, topics: [], invalid: ['topic_surgery'] },
    { label: 'a field named only the prefix', form: { topic_: 'on' }, topics: [], invalid: ['topic_'] },
  ])('$label', ({ form, topics, invalid }) => {
    expect(parseTopicFields(form)).toEqual({ topics, invalid })
  })
})

describe('search words that name a topic', () => {
  test.each([
    ['心血管', ['cardiology']],
    ['cardio', ['cardiology']],
    ['CARE', ['critical-care']],
    ['医学', ['critical-care', 'medical-imaging', 'laboratory-medicine', 'medical-education']],
    ['科', ['surgery', 'paediatrics', 'obstetrics-gynaecology']],
    ['medical', ['medical-imaging', 'medical-education']],
    ['gynaecology', ['obstetrics-gynaecology']],
    ['an', []],
    ['', []],
    ['肺结核', []],
  ])('%j names %j', (word, expected) => {
    expect(topicsMatching(word)).toEqual(expected)
  })
})

import type { AppLocale } from './locale.ts'

/**
 * The topics an event is listed under (issue 15, "filters: topic"): a fixed list of medical
 * disciplines, so the events list can filter by one and every card names them the same way in
 * both languages. The keys are what the database stores (Event.topics) and what the events
 * list's URL carries (?topic=cardiology); adding a topic is a change here only, and the labels
 * live beside the keys because they are data of the list, not page text.
 */
export const EVENT_TOPICS = [
  'hospital-management',
  'cardiology',
  'oncology',
  'neurology',
  'respiratory',
  'critical-care',
  'surgery',
  'paediatrics',
  'obstetrics-gynaecology',
  'nursing',
  'pharmacy',
  'medical-imaging',
  'laboratory-medicine',
  'infection-control',
  'public-health',
  'medical-education',
  'other',
] as const

export type EventTopic = (typeof EVENT_TOPICS)[number]

export const TOPIC_LABELS: Record<EventTopic, { zh: string; en: string }> = {
  'hospital-management': { zh: '医院管理', en: 'Hospital management' },
  cardiology: { zh: '心血管', en: 'Cardiology' },
  oncology: { zh: '肿瘤', en: 'Oncology' },
  neurology: { zh: '神经', en: 'Neurology' },
  respiratory: { zh: '呼吸', en: 'Respiratory medicine' },
  'critical-care': { zh: '重症医学', en: 'Critical care' },
  surgery: { zh: '外科', en: 'Surgery' },
  paediatrics: { zh: '儿科', en: 'Paediatrics' },
  'obstetrics-gynaecology': { zh: '妇产科', en: 'Obstetrics and gynaecology' },
  nursing: { zh: '护理', en: 'Nursing' },
  pharmacy: { zh: '药学', en: 'Pharmacy' },
  'medical-imaging': { zh: '医学影像', en: 'Medical imaging' },
  'laboratory-medicine': { zh: '检验医学', en: 'Laboratory medicine' },
  'infection-control': { zh: '感染控制', en: 'Infection control' },
  'public-health': { zh: '公共卫生', en: 'Public health' },
  'medical-education': { zh: '医学教育', en: 'Medical education' },
  other: { zh: '其他', en: 'Other' },
}

/** The prefix of the staff form's topic boxes: one checkbox `topic_<key>` per topic, as `pm_<method>` for payment methods. */
export const TOPIC_FIELD_PREFIX = 'topic_'

export function isEventTopic(value: string): value is EventTopic {
  return (EVENT_TOPICS as readonly string[]).includes(value)
}

export function topicLabel(topic: EventTopic, locale: AppLocale): string {
  return locale === 'en' ? TOPIC_LABELS[topic].en : TOPIC_LABELS[topic].zh
}

/**
 * Topics as stored, for display: in the list's order, each once, and a value no longer on the
 * list (a topic retired from it) left out rather than shown as a raw key.
 */
export function normaliseTopics(values: readonly string[]): EventTopic[] {
  return EVENT_TOPICS.filter((t) => values.includes(t))
}

/**
 * The topics ticked on the staff form, from its fields (`topic_<key>` = "on"). Any other
 * `topic_` field — an unknown key, or a value a checkbox does not send — is returned in
 * `invalid`, so the form is refused rather than saved without it.
 */
export function parseTopicFields(form: Readonly<Record<string, unknown>>): { topics: EventTopic[]; invalid: string[] } {
  const ticked: string[] = []
  const invalid: string[] = []
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith(TOPIC_FIELD_PREFIX)) continue
    const key = name.slice(TOPIC_FIELD_PREFIX.length)
    if (isEventTopic(key) && value === 'on') ticked.push(key)
    else invalid.push(name)
  }
  return { topics: normaliseTopics(ticked), invalid }
}

/**
 * The topics a search word names, so "心血管" or "cardio" finds events under Cardiology though
 * their titles do not say it. Latin words shorter than three letters match nothing ("a" would
 * match almost every English label); a Chinese character is a word already.
 */
export function topicsMatching(word: string): EventTopic[] {
  const w = word.trim().toLowerCase()
  if (w === '' || (/^[\x20-\x7e]+$/.test(w) && w.length < 3)) return []
  return EVENT_TOPICS.filter((t) => TOPIC_LABELS[t].zh.includes(w) || TOPIC_LABELS[t].en.toLowerCase().includes(w))
}

import { describe, expect, test } from 'vitest'
import {
  MESSAGE_BODY_MAX,
  MESSAGE_SUBJECT_MAX,
  parseTemplateText,
  registrantMessageDedupeKey,
  renderRegistrantMessage,
  validateMessageTemplate,
  versionFor,
  type MessageTemplate,
  type PlaceholderValues,
  type TemplateProblem,
} from './registrant-message.ts'

const both: MessageTemplate = { subjectZh: '{{event}} 通知', bodyZh: '{{name}}，您好', subjectEn: '{{event}} notice', bodyEn: 'Dear {{name}}' }
const values: PlaceholderValues = {
  name: '王伟',
  event: '心血管年会',
  ticket: '普通票',
  forum_link: 'https://cme.example.org/events/cv/forums/main/live',
  ticket_link: 'https://cme.example.org/tickets/abc12345',
}

describe('parseTemplateText', () => {
  test.each<[string, string, ReturnType<typeof parseTemplateText>]>([
    ['plain text', '会议通知', { ok: true, segments: [{ kind: 'text', text: '会议通知' }] }],
    [
      'a placeholder between text',
      'Dear {{name}},',
      {
        ok: true,
        segments: [
          { kind: 'text', text: 'Dear ' },
          { kind: 'placeholder', name: 'name' },
          { kind: 'text', text: ',' },
        ],
      },
    ],
    ['spaces inside the braces', '{{ ticket }}', { ok: true, segments: [{ kind: 'placeholder', name: 'ticket' }] }],
    [
      'Chinese aliases',
      '{{姓名}}{{论坛链接}}',
      {
        ok: true,
        segments: [
          { kind: 'placeholder', name: 'name' },
          { kind: 'placeholder', name: 'forum_link' },
        ],
      },
    ],
    ['an unknown placeholder', 'Dear {{nmae}}', { ok: false, problems: [{ code: 'unknown_placeholder', placeholder: '{{nmae}}' }] }],
    ['an empty placeholder', 'Dear {{}}', { ok: false, problems: [{ code: 'unknown_placeholder', placeholder: '{{}}' }] }],
    ['the same unknown one twice is named once', '{{x}} {{x}}', { ok: false, problems: [{ code: 'unknown_placeholder', placeholder: '{{x}}' }] }],
    ['a placeholder left open', 'Dear {{name', { ok: false, problems: [{ code: 'unclosed_placeholder' }] }],
    ['a closing pair with no opening', 'Dear name}}', { ok: false, problems: [{ code: 'unclosed_placeholder' }] }],
    ['a single brace is just text', 'a {b} c', { ok: true, segments: [{ kind: 'text', text: 'a {b} c' }] }],
    ['an open one before a good one', '{{name {{event}}', { ok: false, problems: [{ code: 'unclosed_placeholder' }] }],
  ])('%s', (_name, text, expected) => {
    expect(parseTemplateText(text)).toEqual(expected)
  })
})

describe('validateMessageTemplate', () => {
  const empty: MessageTemplate = { subjectZh: '', bodyZh: '', subjectEn: '', bodyEn: '' }
  test.each<[string, Partial<MessageTemplate>, TemplateProblem[]]>([
    ['both languages written', both, []],
    ['Chinese only', { subjectZh: '通知', bodyZh: '内容' }, []],
    ['English only', { subjectEn: 'Notice', bodyEn: 'Text' }, []],
    ['nothing written', {}, [{ field: 'subjectZh', code: 'no_version' }]],
    ['only blanks', { subjectZh: '  ', bodyZh: '\n' }, [{ field: 'subjectZh', code: 'no_version' }]],
    ['a subject without its body', { subjectZh: '通知', bodyZh: '内容', subjectEn: 'Notice' }, [{ field: 'bodyEn', code: 'required' }]],
    ['a body without its subject', { bodyZh: '内容' }, [{ field: 'subjectZh', code: 'required' }]],
    ['an unknown placeholder in the English body', { ...both, bodyEn: 'Dear {{first_name}}' }, [{ field: 'bodyEn', code: 'unknown_placeholder', placeholder: '{{first_name}}' }]],
    ['an open placeholder in the subject', { ...both, subjectZh: '{{event 通知' }, [{ field: 'subjectZh', code: 'unclosed_placeholder' }]],
    ['a subject one character too long', { ...both, subjectZh: 'x'.repeat(MESSAGE_SUBJECT_MAX + 1) }, [{ field: 'subjectZh', code: 'too_long', limit: MESSAGE_SUBJECT_MAX }]],
    ['a subject at the limit', { ...both, subjectEn: 'x'.repeat(MESSAGE_SUBJECT_MAX) }, []],
    ['a body too long', { ...both, bodyZh: 'x'.repeat(MESSAGE_BODY_MAX + 1) }, [{ field: 'bodyZh', code: 'too_long', limit: MESSAGE_BODY_MAX }]],
  ])('%s', (_name, template, problems) => {
    expect(validateMessageTemplate({ ...empty, ...template })).toEqual(problems)
  })
})

describe('versionFor', () => {
  const zhOnly: MessageTemplate = { subjectZh: '通知', bodyZh: '内容', subjectEn: '', bodyEn: '' }
  const enOnly: MessageTemplate = { subjectZh: '', bodyZh: '', subjectEn: 'Notice', bodyEn: 'Text' }
  test.each<[string, 'zh-CN' | 'en', MessageTemplate, string]>([
    ['a Chinese reader gets Chinese', 'zh-CN', both, '{{event}} 通知'],
    ['an English reader gets English', 'en', both, '{{event}} notice'],
    ['an English reader of a Chinese-only message gets Chinese', 'en', zhOnly, '通知'],
    ['a Chinese reader of an English-only message gets English', 'zh-CN', enOnly, 'Notice'],
  ])('%s', (_name, locale, template, subject) => {
    expect(versionFor(locale, template).subject).toBe(subject)
  })
})

describe('renderRegistrantMessage', () => {
  test('fills every placeholder in the subject and the text', () => {
    const mail = renderRegistrantMessage({ subject: '{{event}}：{{姓名}} 的 {{ticket}}', body: '{{name}}，您好：\n\n直播：{{forum_link}}\n电子票：{{ticket_link}}' }, values)
    expect(mail.subject).toBe('心血管年会：王伟 的 普通票')
    expect(mail.text).toBe(`王伟，您好：\n\n直播：${values.forum_link}\n电子票：${values.ticket_link}\n`)
    expect(mail.html).toBe(`<p>王伟，您好：</p>\n<p>直播：<a href="${values.forum_link}">${values.forum_link}</a><br>电子票：<a href="${values.ticket_link}">${values.ticket_link}</a></p>`)
  })

  test('escapes the staff text and the values in the HTML part, and keeps the subject on one line', () => {
    const mail = renderRegistrantMessage({ subject: 'Hi {{name}}', body: '<b>{{name}}</b> & co' }, { ...values, name: 'Eve\r\nBcc: x@evil.example <script>' })
    expect(mail.subject).toBe('Hi Eve Bcc: x@evil.example <script>')
    expect(mail.html).toBe('<p>&lt;b&gt;Eve\r\nBcc: x@evil.example &lt;script&gt;&lt;/b&gt; &amp; co</p>')
    expect(mail.text).toBe('<b>Eve\r\nBcc: x@evil.example <script></b> & co\n')
  })

  test('normalises Windows line ends from a textarea', () => {
    expect(renderRegistrantMessage({ subject: 's', body: 'a\r\n\r\nb\r\nc' }, values).html).toBe('<p>a</p>\n<p>b<br>c</p>')
  })

  test('refuses a template that was not validated', () => {
    expect(() => renderRegistrantMessage({ subject: '{{oops}}', body: 'x' }, values)).toThrow(/not validated/)
  })
})

test('one mail per send and registration', () => {
  expect(registrantMessageDedupeKey('send1', 'reg1')).toBe('registrant_message:send1:reg1')
  expect(registrantMessageDedupeKey('send1', 'reg1')).not.toBe(registrantMessageDedupeKey('send2', 'reg1'))
})

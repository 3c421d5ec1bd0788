import { expect, test } from 'vitest'
import { createI18n } from '~/i18n/i18n.ts'
import { translateFieldError } from './form-field.tsx'

const zh = createI18n('zh-CN').t
const en = createI18n('en').t

test.each<[string, string, string, string]>([
  ['a key', 'validation.required', '此项为必填项。', 'This field is required.'],
  ['a key with values', 'validation.artworkTooLarge?max=2%20MB', '图片不能超过 2 MB。', ''],
  ["a validator's own English default", 'Invalid email address', '此项填写有误，请检查。', 'This entry is not valid; please check it.'],
  ['an unknown key', 'validation.noSuchMessage', '此项填写有误，请检查。', 'This entry is not valid; please check it.'],
])('a field error: %s', (_name, error, chinese, english) => {
  expect(translateFieldError(zh, error)).toBe(chinese)
  if (english) expect(translateFieldError(en, error)).toBe(english)
})

import { expect, test } from 'vitest'
import { resources } from './resources.ts'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)))
}

test('both languages define exactly the same keys', () => {
  expect(keys(resources.en.translation).sort()).toEqual(keys(resources['zh-CN'].translation).sort())
})

test('no translation is left empty', () => {
  const empty = (obj: object): string[] => keys(obj).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], obj) === '')
  expect(empty(resources.en.translation)).toEqual([])
  expect(empty(resources['zh-CN'].translation)).toEqual([])
})

import { describe, expect, test } from 'vitest'
import { isValidTaxpayerId, normaliseTaxpayerId, taxpayerIdCheckCharacter, taxpayerIdProblem } from './taxpayer-id.ts'

describe('unified social credit codes (GB 32100-2015)', () => {
  test.each([
    ['91350100M000100Y43', 'the standard’s own example'],
    ['91440300708461136T', 'Shenzhen Tencent Computer Systems Co., Ltd.'],
    ['91330100799655058B', 'Alibaba (China) Co., Ltd.'],
    ['914403001922038216', 'Huawei Technologies Co., Ltd.'],
    ['91110108551385082Q', 'Beijing Xiaomi Technology Co., Ltd.'],
  ])('accepts the real code %s (%s)', (code) => {
    expect(taxpayerIdProblem(code)).toBeNull()
    expect(isValidTaxpayerId(code)).toBe(true)
  })

  test.each([
    ['91350100M000100Y44', 'check', 'wrong check character'],
    ['91440300708461163T', 'check', 'two digits swapped'],
    ['91330100799655O58B', 'characters', 'letter O for zero'],
    ['9144030019220382', 'length', '16 characters'],
    ['9144030019220382161', 'length', '19 characters'],
    ['B1440300708461136T', 'authority', 'no such registration authority'],
    ['91A40300708461136T', 'division', 'a letter in the division code'],
    ['91440300708461136S', 'characters', 'S is not in the alphabet'],
    ['', 'length', 'empty'],
  ])('refuses %s: %s (%s)', (code, problem) => {
    expect(taxpayerIdProblem(code)).toBe(problem)
  })

  test('the check character follows the weights 3^(i-1) mod 31', () => {
    expect(taxpayerIdCheckCharacter('91350100M000100Y4')).toBe('3')
    expect(taxpayerIdCheckCharacter('9135010OM000100Y4')).toBeNull()
  })

  test('pasted codes are normalised: spaces, lower case, full width', () => {
    expect(normaliseTaxpayerId(' 9144 0300 7084 6113 6t ')).toBe('91440300708461136T')
    expect(normaliseTaxpayerId('９１４４０３００７０８４６１１３６Ｔ')).toBe('91440300708461136T')
  })
})

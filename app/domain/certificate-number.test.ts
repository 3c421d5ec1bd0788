import { describe, expect, test } from 'vitest'
import { certificateNumberKey, certificateNumberOf, holderNameMatches, parseCertificateNumber } from './certificate-number.ts'

const ID = 'cm3x9k2ab0001qz8h5t7v2w4y'

describe('certificateNumberOf', () => {
  test('is the id in capitals, as printed', () => {
    expect(certificateNumberOf(ID)).toBe('CM3X9K2AB0001QZ8H5T7V2W4Y')
  })
})

describe('parseCertificateNumber', () => {
  test.each([
    ['CM3X9K2AB0001QZ8H5T7V2W4Y', 'as printed'],
    ['cm3x9k2ab0001qz8h5t7v2w4y', 'lower case'],
    ['  CM3X 9K2A B000 1QZ8 H5T7 V2W4 Y ', 'spaces between groups and around'],
    ['CM3X-9K2A-B000-1QZ8-H5T7-V2W4-Y', 'hyphens'],
    ['CM3X–9K2A—B000.1QZ8_H5T7/V2W4·Y', 'dashes, dots, underscores, slashes, middle dots'],
    ['ＣＭ３Ｘ９Ｋ２ＡＢ０００１ＱＺ８Ｈ５Ｔ７Ｖ２Ｗ４Ｙ', 'full-width (a Chinese input method)'],
    ['CM3X\u30009K2AB0001QZ8H5T7V2W4Y', 'an ideographic space'],
    ['https://cme.example.org/verify/CM3X9K2AB0001QZ8H5T7V2W4Y?utm=x', 'the whole verify URL'],
  ])('%j is read as the id (%s)', (input) => {
    expect(parseCertificateNumber(input)?.typed).toBe(ID)
    expect(parseCertificateNumber(input)?.key).toBe(certificateNumberKey(ID))
  })

  test.each([
    ['', 'empty'],
    ['   ', 'white space only'],
    ['CM3X9K2', 'too short (7)'],
    ['A'.repeat(65), 'too long (65)'],
    ['CM3X9K2AB0001QZ8H5T7V2W4Y!', 'a character outside the alphabet'],
    ['证书编号CM3X9K2AB0001', 'Chinese characters'],
    ['C1.AQ', 'a QR code, not a number'],
  ])('%j is no number (%s)', (input) => {
    expect(parseCertificateNumber(input)).toBeNull()
  })

  test.each([
    ['cxoxxxlx', 'cx0xxx1x', 'o and l'],
    ['cx0xxx1x', 'cx0xxx1x', 'already folded'],
    ['cxoxxxix', 'cx0xxx1x', 'i'],
    ['o1o1o1o1o1o1il0', '010101010101110', 'fifteen look-alikes (3^8 · 2^7 spellings)'],
    ['abcdefghjk', 'abcdefghjk', 'no look-alike'],
  ])('%j is looked up as %j (%s)', (typed, key) => {
    expect(parseCertificateNumber(typed)).toEqual({ typed, key })
  })

  test("a number typed with O for 0 and l for 1 has the printed id's key", () => {
    const printed = certificateNumberOf(ID) // CM3X9K2AB0001QZ8H5T7V2W4Y
    const misread = printed.replace('B0001', 'BOOOl')
    const parsed = parseCertificateNumber(misread)!
    expect(parsed.typed).not.toBe(ID)
    expect(parsed.key).toBe(certificateNumberKey(ID))
    expect(parsed.key).toBe(parseCertificateNumber(printed)!.key) // one rate-limit counter for all spellings
  })
})

describe('holderNameMatches', () => {
  test.each([
    // Han names: the full name or the family name.
    ['陈静', '陈静', true, 'full name'],
    ['陈静', ' 陈 静 ', true, 'full name with spaces'],
    ['陈静', '陈', true, 'family name'],
    ['陈静', '静', false, 'given name'],
    ['陈静', '陈晶', false, 'another name'],
    ['欧阳娜娜', '欧阳', true, 'compound family name'],
    ['欧阳娜娜', '欧', false, 'half a compound family name'],
    ['张三丰', '张三', false, 'two characters that are not a compound family name'],
    ['张三丰', '张', true, 'one-character family name of a three-character name'],
    ['张', '张', true, 'one-character name, in full'],
    ['诸葛亮', '诸葛', true, 'compound family name 诸葛'],
    ['阿依古丽·买买提', '阿依古丽买买提', true, 'a name with a middle dot, typed without'],
    ['\uF900明', '\u8C48明', true, 'a compatibility ideograph folds (NFKC)'],
    // Latin names: full name (any case, spacing, order, accents) or first/last word(s).
    ['Li Lei', 'li lei', true, 'case'],
    ['Li Lei', 'LILEI', true, 'without the space'],
    ['Li Lei', 'Lei Li', true, 'words in the other order'],
    ['Li Lei', 'Li', true, 'family name first (Chinese order)'],
    ['Li Lei', 'Lei', true, 'family name last (Western order)'],
    ['Li Lei', 'L', false, 'one letter'],
    ['Li Lei', 'Le', false, 'part of a word'],
    ['María José García', 'garcia', true, 'accents ignored'],
    ['María José García', 'jose', false, 'a middle word'],
    ['María José García', 'José García', true, 'last two words'],
    ['Vincent van Gogh', 'van Gogh', true, 'a family name of two words'],
    ['Jean-Luc Picard', 'Jean-Luc', true, 'a hyphenated first part'],
    ['Jean-Luc Picard', 'jean luc picard', true, 'hyphen typed as a space'],
    ["Seán O'Brien", 'obrien', true, 'apostrophe ignored'],
    ['ＬＩ　Ｌｅｉ', 'li lei', true, 'full-width letters and ideographic space'],
    ['Madonna', 'Madonna', true, 'a single word, in full'],
    ['Madonna', 'Mad', false, 'a single word, in part'],
    // Nothing, or something else.
    ['陈静', '', false, 'empty'],
    ['陈静', '   ', false, 'white space only'],
    ['Li Lei', 'Han Meimei', false, 'another person'],
    ['测试certpath', '测试certpath', true, 'a mixed name, in full'],
    ['测试certpath', '测', false, 'a mixed name is not a Han name: no family-name rule'],
  ])('%j ← %j: %s (%s)', (holder, typed, expected) => {
    expect(holderNameMatches(holder, typed)).toBe(expected)
  })
})

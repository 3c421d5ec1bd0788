import { describe, expect, test } from 'vitest'
import { checkCharacter, findReferences, isValidReference, normaliseRemark, referenceFromValues, REFERENCE_ALPHABET } from './transfer-reference.ts'

const ref = referenceFromValues([0, 5, 10, 15, 20, 25, 27])

describe('transfer references', () => {
  test('are 8 characters from the unambiguous alphabet and check themselves', () => {
    expect(ref).toHaveLength(8)
    expect(ref.slice(0, 7)).toBe('27CHPWY')
    expect([...ref].every((c) => REFERENCE_ALPHABET.includes(c))).toBe(true)
    expect(isValidReference(ref)).toBe(true)
  })

  test('the alphabet leaves out characters people confuse', () => {
    for (const c of '01ILOUVZ') expect(REFERENCE_ALPHABET).not.toContain(c)
    // Even: Luhn mod N catches every single typo only then.
    expect(REFERENCE_ALPHABET).toHaveLength(28)
  })

  test('every single wrong character is caught', () => {
    for (let position = 0; position < 8; position++) {
      for (const c of REFERENCE_ALPHABET) {
        if (c === ref[position]) continue
        const typo = ref.slice(0, position) + c + ref.slice(position + 1)
        expect(isValidReference(typo), typo).toBe(false)
      }
    }
  })

  test('swaps of two neighbours are caught (Luhn mod N misses only one pair of symbols)', () => {
    let caught = 0
    let tried = 0
    for (let a = 0; a < 28; a++) {
      for (let b = 0; b < 28; b++) {
        if (a === b) continue
        const good = referenceFromValues([a, b, 3, 4, 5, 6, 7])
        const swapped = good[1]! + good[0]! + good.slice(2)
        tried++
        if (!isValidReference(swapped)) caught++
      }
    }
    expect(tried - caught).toBeLessThanOrEqual(2)
  })

  test.each([
    ['wrong count', [1, 2, 3]],
    ['out of range', [0, 0, 0, 0, 0, 0, 28]],
    ['not an integer', [0, 0, 0, 0, 0, 0, 1.5]],
  ])('refuses values: %s', (_, values) => {
    expect(() => referenceFromValues(values)).toThrow(RangeError)
  })

  test('the check character of a body is stable', () => {
    expect(checkCharacter('2222222')).toBe(referenceFromValues([0, 0, 0, 0, 0, 0, 0])[7])
  })
})

describe('finding references in a remark', () => {
  test.each([
    ['the reference alone', ref, [ref]],
    ['lower case', ref.toLowerCase(), [ref]],
    ['with a dash and spaces', `${ref.slice(0, 4)}-${ref.slice(4)}`, [ref]],
    ['full-width characters', ref.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), [ref]],
    ['inside Chinese words', `报名费${ref}张三医院`, [ref]],
    ['after the bank’s own words', `网银跨行汇款 附言:${ref} 会议注册`, [ref]],
    ['twice', `${ref} ${ref}`, [ref]],
    ['nothing', '会议费', []],
    ['a typo', ref.slice(0, 7) + (ref[7] === '2' ? '3' : '2'), []],
  ])('%s', (_, remark, expected) => {
    expect(findReferences(remark)).toEqual(expected)
  })

  test('two references are both found, in order', () => {
    const other = referenceFromValues([1, 1, 1, 1, 1, 1, 1])
    expect(findReferences(`${other}/${ref}`)).toEqual([other, ref])
  })

  test('normalising keeps only letters and digits in upper case', () => {
    expect(normaliseRemark(' ab-c ＤＥ 1 ')).toBe('ABCDE1')
  })
})

test('a chance window that checks does not hide a known reference beside it', () => {
  // Every prefix character makes some window starting before the reference; whichever of those
  // happens to check, only known references are taken, so the real one is still found.
  for (const c of '23456789ABCDEFGH') {
    expect(findReferences(`${c}${ref}`, (r) => r === ref)).toEqual([ref])
  }
})

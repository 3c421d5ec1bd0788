import { describe, expect, test } from 'vitest'
import { parsProblems, splitLearnerName } from './learner-name.ts'

describe('splitLearnerName', () => {
  test.each([
    ['张伟', '伟', '张'],
    ['欧阳明珠', '明珠', '欧阳'],
    ['欧阳', '阳', '欧'],
    ['张 伟', '伟', '张'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['  John   Doe ', 'John', 'Doe'],
    ['Madonna', '', 'Madonna'],
  ])('%j → first %j, last %j', (name, firstName, lastName) => {
    expect(splitLearnerName(name)).toEqual({ firstName, lastName })
  })
})

describe('parsProblems', () => {
  const ok = { realName: 'John Doe', licenseId: 'MD123', boardId: null, birthMonth: 4, birthDay: 30, consented: true }
  test.each([
    ['a complete, consenting learner', ok, []],
    ['no consent', { ...ok, consented: false }, ['no_consent']],
    ['a board id instead of a licence', { ...ok, licenseId: null, boardId: 'B9' }, []],
    ['neither id', { ...ok, licenseId: null }, ['no_licence_or_board_id']],
    ['no birth day', { ...ok, birthDay: null }, ['no_birth_date']],
    ['one-word name', { ...ok, realName: 'Cher' }, ['no_first_name']],
  ])('%s', (_label, learner, problems) => {
    expect(parsProblems(learner)).toEqual(problems)
  })
})

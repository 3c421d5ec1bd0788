/**
 * First and last name for regulator forms (ACCME PARS) from one real-name field.
 * - Names in Han characters: the surname comes first; the two-character compound surnames
 *   in common use (欧阳, 司马, 诸葛 …) are recognised, otherwise it is the first character.
 * - Other names: the last word is the last name ("Mary Ann Smith" → "Mary Ann" / "Smith").
 * A single word is a last name with an empty first name (PARS then lists it as missing).
 */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '司徒', '夏侯', '长孙', '宇文', '轩辕', '端木', '独孤', '南宫', '西门', '百里']

export function splitLearnerName(realName: string): { firstName: string; lastName: string } {
  const name = realName.normalize('NFKC').trim().replace(/\s+/g, ' ')
  if (/^\p{Script=Han}+$/u.test(name.replace(/[·・ ]/g, ''))) {
    const compact = name.replace(/ /g, '')
    if (compact.length <= 1) return { firstName: '', lastName: compact }
    const surname = COMPOUND_SURNAMES.find((s) => compact.startsWith(s) && compact.length > s.length) ?? compact[0]!
    return { firstName: compact.slice(surname.length), lastName: surname }
  }
  const at = name.lastIndexOf(' ')
  if (at < 0) return { firstName: '', lastName: name }
  return { firstName: name.slice(0, at), lastName: name.slice(at + 1) }
}

export type ParsLearner = { realName: string; licenseId: string | null; boardId: string | null; birthMonth: number | null; birthDay: number | null; consented: boolean }
export type ParsProblem = 'no_consent' | 'no_licence_or_board_id' | 'no_birth_date' | 'no_first_name'

/** Why a learner cannot be reported to PARS; empty when they can. */
export function parsProblems(learner: ParsLearner): ParsProblem[] {
  const problems: ParsProblem[] = []
  if (!learner.consented) problems.push('no_consent')
  if (!learner.licenseId && !learner.boardId) problems.push('no_licence_or_board_id')
  if (!learner.birthMonth || !learner.birthDay) problems.push('no_birth_date')
  if (!splitLearnerName(learner.realName).firstName) problems.push('no_first_name')
  return problems
}

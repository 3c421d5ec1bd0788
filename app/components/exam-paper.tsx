import { useTranslation } from 'react-i18next'
import type { CandidateQuestion, ReviewQuestion } from '~/domain/exam.ts'
import type { QuestionResponse } from '~/domain/grading.ts'
import { joinList, labelSeparator, resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { renderRichText } from '~/domain/rich-text.ts'

/** Question and option texts, sanitised (app/domain/rich-text.ts) before they reach the page. */
export function RichText({ text, format, as: Tag = 'div', className }: { text: string; format: CandidateQuestion['textFormat']; as?: 'div' | 'span'; className?: string }) {
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: renderRichText(text, format) }} />
}

/** mm:ss, or h:mm:ss from an hour up. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

export function isAnswered(response: QuestionResponse | null | undefined): boolean {
  if (!response) return false
  switch (response.type) {
    case 'SINGLE_CHOICE':
      return response.option !== null
    case 'MULTIPLE_CHOICE':
      return response.options.length > 0
    case 'TRUE_FALSE':
      return response.answer !== null
    default:
      return response.text.trim() !== ''
  }
}

/** The inputs for one question. Options are numbered as shown; big touch targets for phones. */
export function QuestionInput(props: {
  question: CandidateQuestion
  response: QuestionResponse | null
  disabled: boolean
  onChange: (response: QuestionResponse, settle: 'now' | 'typing') => void
  onBlur: () => void
}) {
  const { t } = useTranslation()
  const { question: q, response, disabled } = props
  const name = `q${q.position}`
  switch (q.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE': {
      const chosen = new Set(response?.type === 'SINGLE_CHOICE' ? (response.option === null ? [] : [response.option]) : response?.type === 'MULTIPLE_CHOICE' ? response.options : [])
      return (
        <div className="exam-options" role={q.type === 'SINGLE_CHOICE' ? 'radiogroup' : 'group'}>
          {q.options.map((o, i) => (
            <label key={i} className="exam-option">
              <input
                type={q.type === 'SINGLE_CHOICE' ? 'radio' : 'checkbox'}
                name={name}
                checked={chosen.has(i)}
                disabled={disabled}
                onChange={(e) => {
                  if (q.type === 'SINGLE_CHOICE') props.onChange({ type: 'SINGLE_CHOICE', option: i }, 'now')
                  else
                    props.onChange(
                      {
                        type: 'MULTIPLE_CHOICE',
                        options: [...chosen]
                          .filter((x) => x !== i)
                          .concat(e.target.checked ? [i] : [])
                          .sort((a, b) => a - b),
                      },
                      'now',
                    )
                }}
              />
              <span className="letter">{String.fromCharCode(65 + i)}</span>
              <RichText as="span" text={o.text} format={q.textFormat} />
            </label>
          ))}
        </div>
      )
    }
    case 'TRUE_FALSE': {
      const value = response?.type === 'TRUE_FALSE' ? response.answer : null
      return (
        <div className="exam-options" role="radiogroup">
          {[true, false].map((v) => (
            <label key={String(v)} className="exam-option">
              <input type="radio" name={name} checked={value === v} disabled={disabled} onChange={() => props.onChange({ type: 'TRUE_FALSE', answer: v }, 'now')} />
              <span>{t(v ? 'exam.true' : 'exam.false')}</span>
            </label>
          ))}
        </div>
      )
    }
    case 'SHORT_ANSWER':
    case 'NUMERICAL': {
      const value = response?.type === q.type ? response.text : ''
      return (
        <input
          className="exam-text"
          name={name}
          aria-label={t('exam.yourAnswer')}
          placeholder={t('exam.answerPlaceholder')}
          inputMode={q.type === 'NUMERICAL' ? 'decimal' : 'text'}
          autoComplete="off"
          maxLength={q.type === 'NUMERICAL' ? 100 : 500}
          value={value}
          disabled={disabled}
          onChange={(e) => props.onChange({ type: q.type as 'SHORT_ANSWER' | 'NUMERICAL', text: e.target.value }, 'typing')}
          onBlur={props.onBlur}
        />
      )
    }
  }
}

/** A finished question: what was answered, whether it was right, and the key when the exam shows it. */
export function ReviewItem({ q, total }: { q: ReviewQuestion; total: number }) {
  const { t, i18n } = useTranslation()
  const locale = resolveLocale(i18n.language)
  const sep = labelSeparator(locale)
  const verdict = q.correct ? 'correct' : q.score > 0 ? 'partial' : 'incorrect'
  const given = describeResponse(q, q.response, t, locale)
  return (
    <li className={`exam-question review ${verdict}`} data-testid="review-question" data-verdict={verdict}>
      <p className="meta">
        {t('exam.questionOf', { n: q.position + 1, total })} · {t(`exam.types.${q.type}`)} · <strong>{t(`exam.verdict.${verdict}`)}</strong>
      </p>
      <RichText text={q.text} format={q.textFormat} className="exam-text-block" />
      {q.options.length > 0 ? (
        <ol className="exam-review-options" type="A">
          {q.options.map((o, i) => (
            <li key={i} className={q.key?.rightOptions.includes(i) ? 'right' : undefined}>
              <RichText as="span" text={o.text} format={q.textFormat} />
            </li>
          ))}
        </ol>
      ) : null}
      <p>
        {t('exam.yourAnswer')}
        {sep}
        {given || t('exam.noAnswer')}
      </p>
      {q.key ? (
        <p className="exam-key" data-testid="answer-key">
          {t('exam.correctAnswer')}
          {sep}
          {describeKey(q, t, locale)}
          {q.key.feedback ? (
            <>
              <br />
              {t('exam.feedback')}
              {sep}
              <RichText as="span" text={q.key.feedback} format={q.textFormat} />
            </>
          ) : null}
        </p>
      ) : null}
    </li>
  )
}

type T = (key: string, values?: Record<string, unknown>) => string
const letter = (i: number) => String.fromCharCode(65 + i)

function describeResponse(q: ReviewQuestion, r: QuestionResponse | null, t: T, locale: AppLocale): string {
  if (!r) return ''
  switch (r.type) {
    case 'SINGLE_CHOICE':
      return r.option === null ? '' : letter(r.option)
    case 'MULTIPLE_CHOICE':
      return joinList(locale, r.options.map(letter))
    case 'TRUE_FALSE':
      return r.answer === null ? '' : t(r.answer ? 'exam.true' : 'exam.false')
    default:
      return r.text
  }
}

function describeKey(q: ReviewQuestion, t: T, locale: AppLocale): string {
  const key = q.key!
  if (q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE') return joinList(locale, key.rightOptions.map(letter))
  if (q.type === 'TRUE_FALSE') return t(key.trueFalse ? 'exam.true' : 'exam.false')
  return key.acceptedAnswers.join(' / ')
}

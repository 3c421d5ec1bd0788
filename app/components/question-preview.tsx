import { useTranslation } from 'react-i18next'
import { labelSeparator, resolveLocale } from '~/domain/locale.ts'
import { isFullCredit, type Question } from '~/domain/question.ts'
import { RichText } from './exam-paper.tsx'

/** A bank question as staff check it: the text as candidates will see it, and the key marked. */
export function QuestionPreview({ question: q }: { question: Question }) {
  const { t, i18n } = useTranslation()
  const sep = labelSeparator(resolveLocale(i18n.language))
  const pct = (w: number) => `${Math.round(w * 1000) / 10}%`
  return (
    <div className="question-preview" data-testid="question-preview">
      <RichText text={q.text} format={q.textFormat} className="exam-text-block" />
      {q.type === 'SINGLE_CHOICE' || q.type === 'MULTIPLE_CHOICE' ? (
        <ol type="A">
          {q.options.map((o, i) => (
            <li key={i} className={o.weight > 0 ? 'right' : undefined}>
              <RichText as="span" text={o.text} format={q.textFormat} />{' '}
              {o.weight !== 0 ? <small className="badge">{q.type === 'SINGLE_CHOICE' && isFullCredit(o.weight) ? '✓' : pct(o.weight)}</small> : null}
            </li>
          ))}
        </ol>
      ) : q.type === 'TRUE_FALSE' ? (
        <p>
          {t('exam.staff.key')}
          {sep}
          {t(q.answer ? 'exam.true' : 'exam.false')}
        </p>
      ) : q.type === 'SHORT_ANSWER' ? (
        <p>
          {t('exam.staff.key')}
          {sep}
          {q.answers.map((a) => (isFullCredit(a.weight) ? a.text : `${a.text} (${pct(a.weight)})`)).join(' / ')}
        </p>
      ) : (
        <p>
          {t('exam.staff.key')}
          {sep}
          {q.answers.map((a) => `${a.kind === 'RANGE' ? `${a.min}–${a.max}` : `${a.value} ± ${a.tolerance}`}${isFullCredit(a.weight) ? '' : ` (${pct(a.weight)})`}`).join(' / ')}
        </p>
      )}
      {q.generalFeedback ? (
        <p className="meta">
          {t('exam.feedback')}
          {sep}
          <RichText as="span" text={q.generalFeedback} format={q.textFormat} />
        </p>
      ) : null}
    </div>
  )
}

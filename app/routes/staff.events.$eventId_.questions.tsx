import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { SelectField, TextAreaField } from '~/components/assessment-fields.tsx'
import { FieldScope, FormError } from '~/components/form-field.tsx'
import { QuestionPreview } from '~/components/question-preview.tsx'
import { IMPORT_TEXT_BYTES } from '~/domain/import-limits.ts'
import { DEFAULT_LOCALE, joinList, labelSeparator, localized, resolveLocale } from '~/domain/locale.ts'
import type { ImportError } from '~/domain/question-bank.ts'
import type { Question } from '~/domain/question.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { editQuestionSchema, importQuestionsSchema, retireQuestionSchema } from '~/schemas/exam.ts'
import { editQuestion } from '~/services/exams/edit-question.server.ts'
import { getStaffQuestionBank } from '~/services/exams/get-staff-question-bank.server.ts'
import { importQuestions, previewImport } from '~/services/exams/import-questions.server.ts'
import { setQuestionRetired } from '~/services/exams/retire-question.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('题库', 'Question bank')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const page = z.coerce
      .number()
      .int()
      .min(1)
      .max(100_000)
      .catch(1)
      .parse(new URL(request.url).searchParams.get('page') ?? 1)
    return getStaffQuestionBank(getDb(), eventId, { page })
  })
}

type Result = { intent: string; ok: boolean; code?: string; fields?: Record<string, string>; errors?: ImportError[]; count?: number; questionId?: string; preview?: Question[] }

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const intent = String(form.intent ?? '')
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    const run = async <S extends z.ZodTypeAny>(schema: S, use: (input: z.infer<S>) => Promise<Omit<Result, 'intent' | 'ok'>>) => {
      const parsed = schema.safeParse(form)
      if (!parsed.success) return data<Result>({ intent, ok: false, code: 'validation_failed', fields: fieldErrors(parsed.error), questionId: String(form.questionId ?? '') }, { status: 422 })
      return actionResult(
        async () => data<Result>({ intent, ok: true, ...(await use(parsed.data)) }),
        (error): Result => {
          const errors = (error.details?.errors ?? []) as ImportError[]
          return { intent, ok: false, code: error.code, errors, questionId: String(form.questionId ?? '') }
        },
      )
    }
    switch (intent) {
      case 'preview':
        // Bounded: at most FILE_LIMITS.errors errors and the first questions (previewQuestions), whatever the file holds.
        return run(importQuestionsSchema, async (f) => previewImport(f.format, f.text))
      case 'import':
        return run(importQuestionsSchema, async (f) => ({ count: (await importQuestions(db, { eventId, ...f }, ctx)).imported }))
      case 'edit':
        return run(editQuestionSchema, async (f) => ({ questionId: (await editQuestion(db, { eventId, ...f }, ctx)).id }))
      case 'retire':
        return run(retireQuestionSchema, async (f) => {
          await setQuestionRetired(db, { eventId, questionId: f.questionId, retired: f.retired }, ctx)
          return { questionId: f.questionId }
        })
      default:
        return data<Result>({ intent, ok: false, code: 'bad_request' }, { status: 400 })
    }
  })
}

/** Reads a chosen file into the textarea: UTF-8, or GB18030 when it isn't (files saved by Chinese Windows). */
async function readFileText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer()
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

export default function QuestionBank() {
  const { event, questions, total, retired, page, pages } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const textRef = useRef<HTMLDivElement>(null)
  // The server refuses an import over its byte limit (413) before reading it; say so here first.
  const [tooBig, setTooBig] = useState(false)
  const overLimit = (text: string) => new TextEncoder().encode(text).length > IMPORT_TEXT_BYTES
  const importResult = result && (result.intent === 'import' || result.intent === 'preview') ? result : undefined
  const busy = navigation.state !== 'idle'
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p className="back">
        <Link to={`/staff/events/${event.id}/exams`}>{t('exam.staff.title')}</Link>
      </p>
      <h1>
        {t('exam.staff.bank')} · {localized(locale, event.titleZh, event.titleEn)}
      </h1>
      <p>
        <a href={`/staff/events/${event.id}/questions.gift`} download>
          {t('exam.staff.exportGift')}
        </a>
      </p>

      <Form
        method="post"
        encType="multipart/form-data"
        className="narrow-form"
        noValidate
        onSubmit={(e) => {
          const text = textRef.current?.querySelector('textarea')?.value ?? ''
          setTooBig(overLimit(text))
          if (overLimit(text)) e.preventDefault()
        }}
      >
        <h2>{t('exam.staff.import')}</h2>
        <FieldScope name="import">
          <SelectField
            name="format"
            label={t('exam.staff.format')}
            options={[
              ['gift', t('exam.staff.formats.gift')],
              ['aiken', t('exam.staff.formats.aiken')],
            ]}
          />
          <div className="field">
            <label htmlFor="import-file">{t('exam.staff.importFile')}</label>
            <input
              id="import-file"
              type="file"
              accept=".txt,.gift,text/plain"
              onChange={async (e) => {
                const file = e.target.files?.[0]
                const area = textRef.current?.querySelector('textarea')
                if (!file || !area) return
                const text = await readFileText(file)
                setTooBig(overLimit(text))
                area.value = overLimit(text) ? '' : text
              }}
            />
          </div>
          <div ref={textRef}>
            <TextAreaField name="text" label={t('exam.staff.importText')} rows={10} mono hint={t('exam.staff.importHint')} error={importResult?.fields?.text} />
          </div>
          <SelectField name="difficulty" label={t('exam.staff.difficulty')} defaultValue="MEDIUM" options={(['EASY', 'MEDIUM', 'HARD'] as const).map((d) => [d, t(`exam.staff.difficulties.${d}`)])} />
          <TextAreaField name="tags" label={t('exam.staff.importTags')} rows={1} hint={t('exam.staff.tagsHint')} />
        </FieldScope>
        <div className="row">
          <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
            {t('exam.staff.preview')}
          </button>
          <button type="submit" name="intent" value="import" disabled={busy} data-testid="import-questions">
            {t('exam.staff.importSubmit')}
          </button>
        </div>
        {tooBig ? (
          <p className="form-error" role="alert" data-testid="import-too-big">
            {t('exam.staff.importTooBig', { limit: '2 MB' })}
          </p>
        ) : null}
        {importResult && !tooBig ? <ImportOutcome result={importResult} /> : null}
      </Form>

      <h2>{t('exam.staff.bankCount', { count: total, retired })}</h2>
      {pages > 1 ? <BankPages page={page} pages={pages} /> : null}
      <ol className="bank-list" data-testid="bank-list">
        {questions.map((q) => {
          const mine = result && result.questionId === q.id ? result : undefined
          return (
            <li key={q.id} className={q.retiredAt ? 'retired' : undefined}>
              <details open={mine !== undefined && !mine.ok}>
                <summary>
                  <strong>{q.title}</strong> <span className="badge">{t(`exam.types.${q.type}`)}</span> <span className="badge">{t(`exam.staff.difficulties.${q.difficulty}`)}</span>{' '}
                  {q.retiredAt ? <span className="badge past">{t('exam.staff.retired')}</span> : null}
                  <span className="meta">
                    {' '}
                    · {t('exam.staff.version', { n: q.latestVersion })} · {q.languages.map((l) => (l === 'zh_CN' ? '中' : 'EN')).join('/') || '—'}
                    {q.tags.length ? ` · ${joinList(locale, q.tags)}` : ''} · {t('exam.staff.usedIn', { count: q.attempts })}
                  </span>
                </summary>
                <QuestionPreview question={q.content} />
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="edit" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <FieldScope name={`edit-${q.id}`}>
                    <TextAreaField
                      name="gift"
                      label={t('exam.staff.edit')}
                      rows={5}
                      mono
                      defaultValue={q.gift}
                      hint={t('exam.staff.editHint')}
                      error={mine?.intent === 'edit' ? mine.fields?.gift : undefined}
                    />
                    <SelectField
                      name="difficulty"
                      label={t('exam.staff.difficulty')}
                      defaultValue={q.difficulty}
                      options={(['EASY', 'MEDIUM', 'HARD'] as const).map((d) => [d, t(`exam.staff.difficulties.${d}`)])}
                    />
                    <TextAreaField name="tags" label={t('exam.staff.tags')} rows={1} defaultValue={q.tags.join(', ')} hint={t('exam.staff.tagsHint')} />
                  </FieldScope>
                  {mine?.intent === 'edit' ? (
                    mine.ok ? (
                      <p className="toast">{t('exam.staff.savedVersion', { n: q.latestVersion })}</p>
                    ) : (
                      <ImportErrors errors={mine.errors ?? []} code={mine.code} />
                    )
                  ) : null}
                  <button type="submit" disabled={busy}>
                    {t('exam.staff.saveVersion')}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="retire" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <input type="hidden" name="retired" value={q.retiredAt ? 'false' : 'true'} />
                  <button type="submit" className="secondary small" disabled={busy}>
                    {t(q.retiredAt ? 'exam.staff.restore' : 'exam.staff.retire')}
                  </button>
                </Form>
              </details>
            </li>
          )
        })}
      </ol>
      {pages > 1 ? <BankPages page={page} pages={pages} /> : null}
    </section>
  )
}

/** The bank is shown a page at a time (BANK_PAGE_SIZE questions). */
function BankPages({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation()
  return (
    <nav className="row" aria-label={t('exam.staff.bankPages')}>
      {page > 1 ? <Link to={`?page=${page - 1}`}>{t('exam.staff.previousPage')}</Link> : null}
      <span>{t('exam.staff.pageOf', { page, pages })}</span>
      {page < pages ? <Link to={`?page=${page + 1}`}>{t('exam.staff.nextPage')}</Link> : null}
    </nav>
  )
}

function ImportOutcome({ result }: { result: Result }) {
  const { t } = useTranslation()
  if (result.ok && result.intent === 'import') {
    return (
      <p className="toast" role="status" data-testid="import-result">
        {t('exam.staff.imported', { count: result.count })}
      </p>
    )
  }
  if (result.ok && result.intent === 'preview' && (result.errors ?? []).length === 0) {
    return (
      <div role="status" data-testid="import-result">
        <p className="toast">{t('exam.staff.previewOk', { count: result.count })}</p>
        <ol className="bank-list">
          {(result.preview ?? []).map((q, i) => (
            <li key={i}>
              <strong>{q.title}</strong> <span className="badge">{t(`exam.types.${q.type}`)}</span>
              <QuestionPreview question={q} />
            </li>
          ))}
        </ol>
      </div>
    )
  }
  return <ImportErrors errors={result.errors ?? []} code={result.code} preview={result.intent === 'preview'} />
}

function ImportErrors({ errors, code, preview }: { errors: ImportError[]; code?: string; preview?: boolean }) {
  const { t, i18n } = useTranslation()
  const locale = resolveLocale(i18n.language)
  if (errors.length === 0) return code ? <FormError code={code} /> : null
  return (
    <div className="import-errors" role="alert" data-testid="import-errors">
      <p className="form-error">{t(preview ? 'exam.staff.previewErrors' : 'exam.staff.importErrors', { count: errors.length })}</p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <strong>{t('exam.staff.errorLine', { line: e.line })}</strong>
            {e.question ? ` · ${e.question}` : ''}
            {labelSeparator(locale)}
            {t(`exam.importError.${e.code}`, { defaultValue: e.message, limit: e.limit?.toLocaleString() })}
            {/* The parser's own words (English) add detail on an English page only: never an English sentence under a Chinese one. */}
            {locale === 'en' && e.message !== t(`exam.importError.${e.code}`, { defaultValue: e.message, limit: e.limit?.toLocaleString() }) ? (
              <>
                <br />
                <small className="muted">{e.message}</small>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

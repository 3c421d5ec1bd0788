import { createContext, useContext, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** Several forms on one page: each wraps its fields in a scope so element ids stay unique. */
const FieldScopeContext = createContext('')
export function FieldScope({ name, children }: { name: string; children: ReactNode }) {
  return <FieldScopeContext.Provider value={`${name}-`}>{children}</FieldScopeContext.Provider>
}
export function useFieldId(name: string): string {
  return `f-${useContext(FieldScopeContext)}${name}`
}

/** A labelled input whose error (an i18n key) is announced and tied to the field. */
export function Field(props: {
  name: string
  label: string
  type?: string
  defaultValue?: string | number | null
  error?: string
  hint?: string
  required?: boolean
  autoComplete?: string
  inputMode?: 'numeric' | 'email' | 'text'
  /** A textarea, for lists typed one item per line. */
  multiline?: boolean
}) {
  const { t } = useTranslation()
  const id = useFieldId(props.name)
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const describedBy = [props.error ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          rows={3}
          defaultValue={props.defaultValue ?? undefined}
          required={props.required}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
        />
      ) : (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          defaultValue={props.defaultValue ?? undefined}
          required={props.required}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
        />
      )}
      {props.hint ? (
        <small id={hintId} className="muted">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small id={errorId} className="error" role="alert">
          {translateFieldError(t, props.error)}
        </small>
      ) : null}
    </div>
  )
}

/**
 * Field errors are i18n keys, optionally with values as a query string: `validation.questionLine?line=3`.
 * Anything else (a validator's own English default) is no key: the page says "not valid" in its
 * language rather than show an English sentence under a Chinese label (issue 15).
 */
export function translateFieldError(t: (key: string, values?: Record<string, string>) => string, error: string): string {
  const [key = error, query = ''] = error.split('?')
  const text = t(key, Object.fromEntries(new URLSearchParams(query)))
  return text === key ? t('language.invalidField') : text
}

export function FormError({ code, values }: { code?: string; values?: Record<string, unknown> }) {
  const { t } = useTranslation()
  if (!code) return null
  return (
    <p className="form-error" role="alert" data-testid="form-error">
      {t(`errors.${code}`, values)}
    </p>
  )
}

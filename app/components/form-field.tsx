import { useTranslation } from 'react-i18next'

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
}) {
  const { t } = useTranslation()
  const id = `f-${props.name}`
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={props.defaultValue ?? undefined}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[props.error ? errorId : null, props.hint ? hintId : null].filter(Boolean).join(' ') || undefined}
      />
      {props.hint ? (
        <small id={hintId} className="muted">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small id={errorId} className="error" role="alert">
          {t(props.error)}
        </small>
      ) : null}
    </div>
  )
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

import { useTranslation } from 'react-i18next'
import { useFieldId } from './form-field.tsx'

/** A labelled select whose error (an i18n key) is tied to it. */
export function SelectField({ name, label, options, error, defaultValue }: { name: string; label: string; options: readonly (readonly [string, string])[]; error?: string; defaultValue?: string }) {
  const { t } = useTranslation()
  const id = useFieldId(name)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error ? (
        <small id={`${id}-error`} className="error" role="alert">
          {t(error)}
        </small>
      ) : null}
    </div>
  )
}

export function CheckField({ name, label, defaultChecked }: { name: string; label: string; defaultChecked?: boolean }) {
  const id = useFieldId(name)
  return (
    <div className="field check">
      <label htmlFor={id}>
        <input id={id} type="checkbox" name={name} defaultChecked={defaultChecked} /> {label}
      </label>
    </div>
  )
}

/** A labelled textarea for longer text (GIFT files, instructions). */
export function TextAreaField({
  name,
  label,
  rows = 6,
  defaultValue,
  error,
  hint,
  mono,
}: {
  name: string
  label: string
  rows?: number
  defaultValue?: string
  error?: string
  hint?: string
  mono?: boolean
}) {
  const { t } = useTranslation()
  const id = useFieldId(name)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        className={mono ? 'mono' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small className="error" role="alert">
          {t(error)}
        </small>
      ) : null}
    </div>
  )
}

import { useTranslation } from 'react-i18next'
import { Field } from './form-field.tsx'

type Errors = Record<string, string>

function Select({ name, label, options, error, defaultValue }: { name: string; label: string; options: [string, string][]; error?: string; defaultValue?: string }) {
  const { t } = useTranslation()
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={defaultValue}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error ? <small className="error">{t(error)}</small> : null}
    </div>
  )
}

export function EventFields({ errors, defaults = {} }: { errors: Errors; defaults?: Record<string, string> }) {
  const { t } = useTranslation()
  return (
    <>
      <Field name="slug" label={t('staff.slug')} defaultValue={defaults.slug} error={errors.slug} required />
      <Field name="titleZh" label={t('staff.titleZh')} defaultValue={defaults.titleZh} error={errors.titleZh} required />
      <Field name="titleEn" label={t('staff.titleEn')} defaultValue={defaults.titleEn} error={errors.titleEn} required />
      <Field name="summaryZh" label={t('staff.summaryZh')} defaultValue={defaults.summaryZh} error={errors.summaryZh} />
      <Field name="summaryEn" label={t('staff.summaryEn')} defaultValue={defaults.summaryEn} error={errors.summaryEn} />
      <Field name="timeZone" label={t('staff.timeZone')} defaultValue={defaults.timeZone ?? 'Asia/Shanghai'} error={errors.timeZone} required />
      <Field name="startsAt" type="datetime-local" label={t('staff.startsAt')} defaultValue={defaults.startsAt} error={errors.startsAt} required />
      <Field name="endsAt" type="datetime-local" label={t('staff.endsAt')} defaultValue={defaults.endsAt} error={errors.endsAt} required />
    </>
  )
}

export function ForumFields({ errors }: { errors: Errors }) {
  const { t } = useTranslation()
  return (
    <>
      <Select name="kind" label={t('staff.kind')} options={[['SUB', t('event.subForum')], ['MAIN', t('event.mainForum')]]} error={errors.kind} />
      <Field name="slug" label={t('staff.slug')} error={errors.slug} required />
      <Field name="titleZh" label={t('staff.titleZh')} error={errors.titleZh} required />
      <Field name="titleEn" label={t('staff.titleEn')} error={errors.titleEn} required />
      <Field name="startsAt" type="datetime-local" label={t('staff.startsAt')} error={errors.startsAt} required />
      <Field name="endsAt" type="datetime-local" label={t('staff.endsAt')} error={errors.endsAt} required />
    </>
  )
}

export function SessionFields({ errors, forums }: { errors: Errors; forums: [string, string][] }) {
  const { t } = useTranslation()
  const kinds = (['TALK', 'OPENING', 'PANEL', 'BREAK', 'CLOSING', 'OTHER'] as const).map((k): [string, string] => [k, t(`sessionKind.${k}`)])
  return (
    <>
      <Select name="forumId" label={t('staff.forum')} options={forums} error={errors.forumId} />
      <Select name="kind" label={t('staff.kind')} options={kinds} error={errors.kind} />
      <Field name="titleZh" label={t('staff.titleZh')} error={errors.titleZh} required />
      <Field name="titleEn" label={t('staff.titleEn')} error={errors.titleEn} required />
      <Field name="startsAt" type="datetime-local" label={t('staff.startsAt')} error={errors.startsAt} required />
      <Field name="endsAt" type="datetime-local" label={t('staff.endsAt')} error={errors.endsAt} required />
    </>
  )
}

export function VenueFields({ errors }: { errors: Errors }) {
  const { t } = useTranslation()
  return (
    <>
      <Select name="kind" label={t('staff.kind')} options={[['BRANCH', t('event.branchVenue')], ['MAIN', t('event.mainVenue')]]} error={errors.kind} />
      <Field name="nameZh" label={t('staff.nameZh')} error={errors.nameZh} required />
      <Field name="nameEn" label={t('staff.nameEn')} error={errors.nameEn} required />
      <Field name="city" label={t('staff.city')} error={errors.city} />
      <Field name="capacity" inputMode="numeric" label={t('staff.capacity')} error={errors.capacity} />
    </>
  )
}

export function TicketFields({ errors }: { errors: Errors }) {
  const { t } = useTranslation()
  return (
    <>
      <Field name="nameZh" label={t('staff.nameZh')} error={errors.nameZh} required />
      <Field name="nameEn" label={t('staff.nameEn')} error={errors.nameEn} required />
      <Field name="priceMember" inputMode="numeric" label={t('staff.priceMember')} error={errors.priceMember} />
      <Field name="priceNonMember" inputMode="numeric" label={t('staff.priceNonMember')} error={errors.priceNonMember} />
      <Field name="priceStudent" inputMode="numeric" label={t('staff.priceStudent')} error={errors.priceStudent} />
      <Field name="quota" inputMode="numeric" label={t('staff.quota')} error={errors.quota} />
      <label className="choice">
        <input type="checkbox" name="requiresApproval" /> {t('staff.requiresApproval')}
      </label>
    </>
  )
}

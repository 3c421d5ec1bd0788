import { useTranslation } from 'react-i18next'
import { EVENT_TOPICS, TOPIC_FIELD_PREFIX, topicLabel } from '~/domain/event-topics.ts'
import { resolveLocale } from '~/domain/locale.ts'
import { Field, useFieldId } from './form-field.tsx'

type Errors = Record<string, string>

function Select({ name, label, options, error, defaultValue }: { name: string; label: string; options: [string, string][]; error?: string; defaultValue?: string }) {
  const { t } = useTranslation()
  const id = useFieldId(name)
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
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

export function EventFields({ errors, defaults = {}, topics = [] }: { errors: Errors; defaults?: Record<string, string>; topics?: readonly string[] }) {
  const { t, i18n } = useTranslation()
  const locale = resolveLocale(i18n.language)
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
      <fieldset className="field topic-choices" data-testid="topic-choices">
        <legend>{t('topicsRooms.staff.topics')}</legend>
        <small className="muted">{t('topicsRooms.staff.topicsHint')}</small>
        {EVENT_TOPICS.map((topic) => (
          <label className="choice" key={topic}>
            <input type="checkbox" name={`${TOPIC_FIELD_PREFIX}${topic}`} defaultChecked={topics.includes(topic)} /> {topicLabel(topic, locale)}
          </label>
        ))}
        {errors.topics ? <small className="error">{t(errors.topics)}</small> : null}
      </fieldset>
    </>
  )
}

export type ForumDefaults = {
  kind: string
  slug: string
  titleZh: string
  titleEn: string
  roomZh: string
  roomEn: string
  startsAt: string
  endsAt: string
  chairs: string
  guestChairs: string
  moderators: string
}

export function ForumFields({ errors, defaults }: { errors: Errors; defaults?: ForumDefaults }) {
  const { t } = useTranslation()
  return (
    <>
      <Select
        name="kind"
        label={t('staff.kind')}
        options={[
          ['SUB', t('event.subForum')],
          ['MAIN', t('event.mainForum')],
        ]}
        defaultValue={defaults?.kind}
        error={errors.kind}
      />
      <Field name="slug" label={t('staff.slug')} defaultValue={defaults?.slug} error={errors.slug} required />
      <Field name="titleZh" label={t('staff.titleZh')} defaultValue={defaults?.titleZh} error={errors.titleZh} required />
      <Field name="titleEn" label={t('staff.titleEn')} defaultValue={defaults?.titleEn} error={errors.titleEn} required />
      <Field name="roomZh" label={t('topicsRooms.staff.roomZh')} hint={t('topicsRooms.staff.roomHint')} defaultValue={defaults?.roomZh} error={errors.roomZh} />
      <Field name="roomEn" label={t('topicsRooms.staff.roomEn')} defaultValue={defaults?.roomEn} error={errors.roomEn} />
      <Field name="startsAt" type="datetime-local" label={t('staff.startsAt')} defaultValue={defaults?.startsAt} error={errors.startsAt} required />
      <Field name="endsAt" type="datetime-local" label={t('staff.endsAt')} defaultValue={defaults?.endsAt} error={errors.endsAt} required />
      <Field name="chairs" multiline label={t('staff.chairs')} hint={t('staff.peopleHint')} defaultValue={defaults?.chairs} error={errors.chairs} />
      <Field name="guestChairs" multiline label={t('staff.guestChairs')} hint={t('staff.peopleHint')} defaultValue={defaults?.guestChairs} error={errors.guestChairs} />
      <Field name="moderators" multiline label={t('staff.moderators')} hint={t('staff.emailsHint')} defaultValue={defaults?.moderators} error={errors.moderators} />
    </>
  )
}

export function SessionFields({ errors, forums, defaults = {} }: { errors: Errors; forums: [string, string][]; defaults?: Record<string, string> }) {
  const { t } = useTranslation()
  const kinds = (['TALK', 'OPENING', 'PANEL', 'BREAK', 'CLOSING', 'OTHER'] as const).map((k): [string, string] => [k, t(`sessionKind.${k}`)])
  return (
    <>
      <Select name="forumId" label={t('staff.forum')} options={forums} error={errors.forumId} defaultValue={defaults.forumId} />
      <Select name="kind" label={t('staff.kind')} options={kinds} error={errors.kind} defaultValue={defaults.kind} />
      <Field name="titleZh" label={t('staff.titleZh')} defaultValue={defaults.titleZh} error={errors.titleZh} required />
      <Field name="titleEn" label={t('staff.titleEn')} defaultValue={defaults.titleEn} error={errors.titleEn} required />
      <Field name="startsAt" type="datetime-local" label={t('staff.startsAt')} defaultValue={defaults.startsAt} error={errors.startsAt} required />
      <Field name="endsAt" type="datetime-local" label={t('staff.endsAt')} defaultValue={defaults.endsAt} error={errors.endsAt} required />
      <Field name="speakers" multiline label={t('staff.speakers')} hint={t('staff.peopleHint')} defaultValue={defaults.speakers} error={errors.speakers} />
    </>
  )
}

export function OrganisationFields({ errors, forums }: { errors: Errors; forums: [string, string][] }) {
  const { t } = useTranslation()
  const roles = (['HOST', 'ORGANISER', 'CO_ORGANISER'] as const).map((r): [string, string] => [r, t(`orgRole.${r}`)])
  return (
    <>
      <Select name="role" label={t('staff.orgRole')} options={roles} error={errors.role} />
      <Field name="nameZh" label={t('staff.nameZh')} error={errors.nameZh} required />
      <Field name="nameEn" label={t('staff.nameEn')} error={errors.nameEn} required />
      <Select name="forumId" label={t('staff.forum')} options={[['', t('staff.wholeEvent')], ...forums]} error={errors.forumId} />
    </>
  )
}

export function VenueFields({ errors, forums, defaults = {} }: { errors: Errors; forums: [string, string][]; defaults?: Record<string, string> }) {
  const { t } = useTranslation()
  return (
    <>
      <Select
        name="kind"
        label={t('staff.kind')}
        options={[
          ['BRANCH', t('event.branchVenue')],
          ['MAIN', t('event.mainVenue')],
        ]}
        error={errors.kind}
        defaultValue={defaults.kind}
      />
      <Field name="nameZh" label={t('staff.nameZh')} defaultValue={defaults.nameZh} error={errors.nameZh} required />
      <Field name="nameEn" label={t('staff.nameEn')} defaultValue={defaults.nameEn} error={errors.nameEn} required />
      <Field name="city" label={t('staff.city')} defaultValue={defaults.city} error={errors.city} />
      <Field name="capacity" inputMode="numeric" label={t('staff.capacity')} defaultValue={defaults.capacity} error={errors.capacity} />
      <Field name="coordinatorEmail" type="email" label={t('staff.coordinatorEmail')} defaultValue={defaults.coordinatorEmail} error={errors.coordinatorEmail} />
      <Select name="forumId" label={t('staff.venueForum')} options={[['', t('staff.wholeEvent')], ...forums]} error={errors.forumId} defaultValue={defaults.forumId} />
    </>
  )
}

export function TicketFields({ errors, defaults = {} }: { errors: Errors; defaults?: Record<string, string> }) {
  const { t } = useTranslation()
  const field = (name: string, label: string, type?: string) => (
    <Field name={name} type={type} inputMode={type ? undefined : 'numeric'} label={t(label)} defaultValue={defaults[name]} error={errors[name]} />
  )
  return (
    <>
      <Field name="nameZh" label={t('staff.nameZh')} defaultValue={defaults.nameZh} error={errors.nameZh} required />
      <Field name="nameEn" label={t('staff.nameEn')} defaultValue={defaults.nameEn} error={errors.nameEn} required />
      {field('priceMember', 'staff.priceMember')}
      {field('priceNonMember', 'staff.priceNonMember')}
      {field('priceStudent', 'staff.priceStudent')}
      {field('quota', 'staff.quota')}
      {field('earlyBirdUntil', 'staff.earlyBirdUntil', 'datetime-local')}
      {field('earlyBirdPriceMember', 'staff.earlyBirdPriceMember')}
      {field('earlyBirdPriceNonMember', 'staff.earlyBirdPriceNonMember')}
      {field('earlyBirdPriceStudent', 'staff.earlyBirdPriceStudent')}
      {field('salesStartAt', 'staff.salesStartAt', 'datetime-local')}
      {field('salesEndAt', 'staff.salesEndAt', 'datetime-local')}
      {field('refundUntil', 'staff.refundUntil', 'datetime-local')}
      <Field name="refundPercent" inputMode="numeric" label={t('staff.refundPercent')} defaultValue={defaults.refundPercent ?? 100} error={errors.refundPercent} />
      <label className="choice">
        <input type="checkbox" name="requiresApproval" defaultChecked={defaults.requiresApproval === 'on'} /> {t('staff.requiresApproval')}
      </label>
    </>
  )
}

export function SettingsFields({ errors, defaults }: { errors: Errors; defaults: { paymentMethods: string[]; currency: string; questions: string } }) {
  const { t } = useTranslation()
  return (
    <>
      <fieldset className="field">
        <legend>{t('staff.paymentMethods')}</legend>
        {(['card', 'alipay', 'wechat_pay'] as const).map((m) => (
          <label className="choice" key={m}>
            <input type="checkbox" name={`pm_${m}`} defaultChecked={defaults.paymentMethods.includes(m)} /> {t(`staff.pm.${m}`)}
          </label>
        ))}
        {errors.pm_card ? <small className="error">{t(errors.pm_card)}</small> : null}
      </fieldset>
      <Select
        name="currency"
        label={t('staff.currency')}
        options={[
          ['cny', 'CNY ¥'],
          ['usd', 'USD $'],
          ['eur', 'EUR €'],
          ['hkd', 'HKD $'],
        ]}
        defaultValue={defaults.currency}
        error={errors.currency}
      />
      <Field name="questions" multiline label={t('staff.questions')} hint={t('staff.questionsHint')} defaultValue={defaults.questions} error={errors.questions} />
    </>
  )
}

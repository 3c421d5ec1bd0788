import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Field, FieldScope, FormError, translateFieldError } from '~/components/form-field.tsx'
import { ARTWORK_LIMITS, type Signatory } from '~/domain/certificate-artwork.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { certificateArtworkFormSchema } from '~/schemas/certificate-artwork.ts'
import { idSchema } from '~/schemas/common.ts'
import { getStaffCertificateArtwork } from '~/services/credits/get-certificate-artwork.server.ts'
import { saveCertificateArtwork } from '~/services/credits/save-certificate-artwork.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('证书落款与印章', 'Certificate seal and signatures')
const paramsSchema = z.object({ eventId: idSchema })

/** The logo, seal and signatories of an event's certificates, for the event or its host association (issue 14). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getStaffCertificateArtwork(getDb(), eventId)
  })
}

type Result = { target: string; ok: boolean; code?: string; fields?: Record<string, string> }

/** Multipart (two images of at most 1 MB): this path's body limit is BODY_LIMITS.certificateArtwork. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const target = String(form.target ?? '')
    const parsed = await certificateArtworkFormSchema.safeParseAsync(form)
    if (!parsed.success) return data<Result>({ target, ok: false, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    return actionResult(
      async () => {
        await saveCertificateArtwork(getDb(), eventId, parsed.data, auditContextFrom(request, user.id))
        return data<Result>({ target, ok: true })
      },
      (error): Result => ({ target, ok: false, code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }),
    )
  })
}

type Summary = { logoType: string | null; sealType: string | null; signatories: Signatory[] }

function ArtworkForm({ eventId, target, heading, summary }: { eventId: string; target: 'organisation' | 'event'; heading: string; summary: Summary }) {
  const { t } = useTranslation()
  const result = useActionData<typeof action>() as Result | undefined
  const busy = useNavigation().state !== 'idle'
  const mine = result?.target === target ? result : undefined
  const errors = mine?.fields ?? {}
  const image = (kind: 'logo' | 'seal', type: string | null) => (
    <fieldset className="field">
      <legend>{t(`certificateArtwork.${kind}`)}</legend>
      {type ? (
        <p>
          <img src={`/staff/events/${eventId}/certificate-artwork/${target}/${kind}`} alt={t(`certificateArtwork.${kind}`)} style={{ maxHeight: 80, maxWidth: 240 }} />{' '}
          <small className="muted">{t('certificateArtwork.current', { type: type.replace('image/', '').toUpperCase() })}</small>
        </p>
      ) : (
        <p className="muted">{t('certificateArtwork.none')}</p>
      )}
      <label htmlFor={`f-${target}-${kind}`}>{t('certificateArtwork.choose')}</label>
      <input
        id={`f-${target}-${kind}`}
        name={kind}
        type="file"
        accept="image/png,image/jpeg"
        aria-invalid={errors[kind] ? true : undefined}
        aria-describedby={errors[kind] ? `f-${target}-${kind}-error` : undefined}
      />
      {errors[kind] ? (
        <small id={`f-${target}-${kind}-error`} className="error" role="alert">
          {translateFieldError(t, errors[kind])}
        </small>
      ) : null}
      {type ? (
        <label>
          <input type="checkbox" name={kind === 'logo' ? 'removeLogo' : 'removeSeal'} /> {t('certificateArtwork.remove')}
        </label>
      ) : null}
    </fieldset>
  )
  return (
    <Form method="post" encType="multipart/form-data" className="narrow-form" noValidate data-testid={`artwork-${target}`}>
      <h2>{heading}</h2>
      {target === 'event' ? <p className="muted">{t('certificateArtwork.inherited')}</p> : null}
      <input type="hidden" name="target" value={target} />
      {image('logo', summary.logoType)}
      {image('seal', summary.sealType)}
      <FieldScope name={target}>
        <fieldset className="field">
          <legend>{t('certificateArtwork.signatories')}</legend>
          {Array.from({ length: ARTWORK_LIMITS.signatories }, (_, i) => (
            <div key={i} className="row">
              <Field
                name={`signatory${i + 1}Name`}
                label={t('certificateArtwork.signatoryName', { n: i + 1 })}
                defaultValue={summary.signatories[i]?.name ?? ''}
                error={errors[`signatory${i + 1}Name`]}
              />
              <Field
                name={`signatory${i + 1}Title`}
                label={t('certificateArtwork.signatoryTitle', { n: i + 1 })}
                defaultValue={summary.signatories[i]?.title ?? ''}
                error={errors[`signatory${i + 1}Title`]}
              />
            </div>
          ))}
        </fieldset>
      </FieldScope>
      {mine && !mine.ok ? <FormError code={mine.code} /> : null}
      {mine?.ok ? (
        <p className="toast" role="status">
          {t('staff.saved')}
        </p>
      ) : null}
      {errors.target ? (
        <p className="error" role="alert">
          {translateFieldError(t, errors.target)}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {t('certificateArtwork.save')}
      </button>
    </Form>
  )
}

export default function CertificateArtwork() {
  const { event, organisation, artwork } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p className="back">
        <Link to={`/staff/events/${event.id}`}>{localized(locale, event.titleZh, event.titleEn)}</Link>
      </p>
      <h1>{t('certificateArtwork.title')}</h1>
      <p>{t('certificateArtwork.intro')}</p>
      <p>
        <a href={`/staff/events/${event.id}/certificate-preview.pdf`} target="_blank" rel="noreferrer">
          {t('certificateArtwork.preview')}
        </a>
      </p>
      {organisation && artwork.organisation ? (
        <ArtworkForm
          eventId={event.id}
          target="organisation"
          heading={t('certificateArtwork.organisation', { name: localized(locale, organisation.nameZh, organisation.nameEn) })}
          summary={artwork.organisation}
        />
      ) : (
        <p className="muted">{t('certificateArtwork.noHost')}</p>
      )}
      <ArtworkForm eventId={event.id} target="event" heading={t('certificateArtwork.event')} summary={artwork.event} />
    </section>
  )
}

import { Form, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { FieldScope, FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'

/**
 * The pieces every section of the staff event console builds its forms from: an intent's
 * feedback (a toast or the translated error), "add" forms that empty themselves, one-button
 * remove forms and folded edit forms (app/utils/staff-intent.server.ts answers them).
 */
export function useStaffFeedback(result: StaffIntentResult | undefined) {
  const { t } = useTranslation()
  const locale = usePageLocale()
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fields ?? {}) : {})
  // An edit form's failure shows inside that form (inline), not at the top of its list.
  const feedback = (intent: string, inline = false) =>
    result?.intent === intent && (result.ok || !result.itemId || inline) ? (
      result.ok ? (
        <p className="toast" role="status">
          {t('staff.saved')}
        </p>
      ) : (
        <FormError
          code={result.code}
          values={{
            ...result.values,
            title: localized(locale, String(result.values?.titleZh ?? ''), String(result.values?.titleEn ?? '')),
          }}
        />
      )
    ) : null
  return { feedback, errorsFor, locale }
}

/** The page's language, as the root loader resolved it. */
export function usePageLocale() {
  return useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
}

/** A one-button form that removes an item after the browser's confirm dialog. */
export function RemoveForm({ intent, field, value, name, confirmText, label }: { intent: string; field: string; value: string; name: string; confirmText?: string; label?: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="inline" onSubmit={(e) => (confirm(confirmText ?? t('staff.removeItemConfirm', { name })) ? undefined : e.preventDefault())}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={value} />
      <button type="submit" className="secondary small" aria-label={`${label ?? t('staff.remove')} ${name}`}>
        {label ?? t('staff.remove')}
      </button>
    </Form>
  )
}

/** An "add" form that empties itself once its item was added, ready for the next one. */
export function AddForm({ intent, result, children }: { intent: string; result: StaffIntentResult | undefined; children: ReactNode }) {
  const ref = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (result?.ok && result.intent === intent) ref.current?.reset()
  }, [result, intent])
  return (
    <Form method="post" noValidate ref={ref}>
      {children}
    </Form>
  )
}

/** An item's edit form, folded away until opened; it stays open when its save failed, showing why. */
export function EditItem({
  intent,
  itemField,
  itemId,
  result,
  label,
  error,
  children,
}: {
  intent: string
  itemField: string
  itemId: string
  result: StaffIntentResult | undefined
  label: string
  error: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  const failed = result?.intent === intent && !result.ok && result.itemId === itemId
  return (
    <details className="edit-item" open={failed}>
      <summary>{t('staff.edit')}</summary>
      <Form method="post" noValidate aria-label={label}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={itemField} value={itemId} />
        <FieldScope name={`${intent}-${itemId}`}>{children}</FieldScope>
        {failed ? error : null}
        <button type="submit">{t('staff.saveChanges')}</button>
      </Form>
    </details>
  )
}

type TicketRow = {
  nameZh: string
  nameEn: string
  priceMember: number
  priceNonMember: number
  priceStudent: number
  earlyBirdUntil: string | Date | null
  earlyBirdPriceMember: number | null
  earlyBirdPriceNonMember: number | null
  earlyBirdPriceStudent: number | null
  quota: number | null
  salesStartAt: string | Date | null
  salesEndAt: string | Date | null
  refundUntil: string | Date | null
  refundPercent: number
  requiresApproval: boolean
}

/** A ticket type as its edit form shows it: amounts in yuan, times in the event's zone. */
export function ticketDefaults(tt: TicketRow, tz: string): Record<string, string> {
  const amount = (cents: number | null) => (cents === null ? '' : String(cents / 100))
  const time = (at: string | Date | null) => (at ? utcToZonedInput(new Date(at), tz) : '')
  return {
    nameZh: tt.nameZh,
    nameEn: tt.nameEn,
    priceMember: amount(tt.priceMember),
    priceNonMember: amount(tt.priceNonMember),
    priceStudent: amount(tt.priceStudent),
    earlyBirdUntil: time(tt.earlyBirdUntil),
    earlyBirdPriceMember: amount(tt.earlyBirdPriceMember),
    earlyBirdPriceNonMember: amount(tt.earlyBirdPriceNonMember),
    earlyBirdPriceStudent: amount(tt.earlyBirdPriceStudent),
    quota: tt.quota === null ? '' : String(tt.quota),
    salesStartAt: time(tt.salesStartAt),
    salesEndAt: time(tt.salesEndAt),
    refundUntil: time(tt.refundUntil),
    refundPercent: String(tt.refundPercent),
    requiresApproval: tt.requiresApproval ? 'on' : '',
  }
}

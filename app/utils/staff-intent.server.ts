import { data } from '@remix-run/node'
import type { z } from 'zod'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { fieldErrors } from '~/schemas/auth.ts'
import { actionResult } from './route.server.ts'

/** The field naming the item an edit form is for, per intent, so its errors show beside that item. */
const ITEM_FIELDS: Record<string, string> = { 'save-session': 'sessionId', 'save-ticket': 'ticketTypeId', 'save-venue': 'venueId' }

/**
 * Reads one form post of the staff event console (one `intent` per form) and gives the section's
 * action a `run(schema, useCase)` that parses the form with the intent's schema and answers with a
 * StaffIntentResult: 422 with the fields on bad input, the AppError's own 4xx when the use case
 * refuses, `{ ok: true }` on success. `unknown()` answers an intent this section does not take.
 */
export async function readStaffIntent(request: Request) {
  const form = Object.fromEntries(await request.formData())
  const intent = String(form.intent ?? '')
  const forumId = intent === 'save-forum' && typeof form.forumId === 'string' ? form.forumId : undefined
  const itemField = ITEM_FIELDS[intent]
  const itemId = itemField && typeof form[itemField] === 'string' ? String(form[itemField]) : undefined
  const run = async <S extends z.ZodTypeAny>(schema: S, use: (input: z.infer<S>) => Promise<unknown>) => {
    const parsed = schema.safeParse(form)
    if (!parsed.success) return data<StaffIntentResult>({ intent, forumId, itemId, ok: false, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    return actionResult(
      async () => {
        await use(parsed.data)
        return data<StaffIntentResult>({ intent, ok: true })
      },
      (error): StaffIntentResult => {
        const { fields, ...values } = error.details ?? {}
        return { intent, forumId, itemId, ok: false, code: error.code, fields: (fields ?? {}) as Record<string, string>, values }
      },
    )
  }
  const unknown = () => data<StaffIntentResult>({ intent, ok: false, code: 'bad_request' }, { status: 400 })
  return { intent, run, unknown }
}

import { z } from 'zod'
import { ID_PATTERN } from '~/domain/ids.ts'

/** A row id in a route param, a form field or a payload; anything else never reaches the database. */
export const idSchema = z.string().regex(ID_PATTERN)

/** The same in a form, where a bad id is a choice that was not on offer. */
export const idChoiceSchema = z.string().regex(ID_PATTERN, 'validation.choice')

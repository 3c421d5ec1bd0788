import { randomBytes } from 'node:crypto'

/**
 * A row id for rows written with raw SQL, shaped like the cuids Prisma makes (a letter, then
 * lower-case letters and digits; app/domain/ids.ts): "c" and 24 random hex digits.
 */
export function newRowId(): string {
  return `c${randomBytes(12).toString('hex')}`
}

import type { ProfileInput } from '~/schemas/auth.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Saves the fields credit reporting needs (real name, institution, licence, birth month/day). */
export async function updateProfile(db: Db, userId: string, input: ProfileInput, ctx: AuditContext = {}) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: input, select: { id: true } })
    // Only which fields changed is audited; the values are personal data.
    await writeAudit(tx, 'user.profile_updated', { fields: Object.keys(input) }, { ...ctx, userId })
    return user
  })
}

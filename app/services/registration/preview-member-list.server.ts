import { MEMBER_LIST_LIMITS, parseMemberList, type MemberListPreview } from '~/domain/tier-eligibility.ts'
import { AppError } from '~/utils/app-error.ts'
import { readTableFile } from './read-statement-file.server.ts'

/**
 * Reads an uploaded member list (CSV in UTF-8 or GBK, or XLSX, by content) and shows what a
 * replacement would hold: the members and every bad line with its reason. Writes nothing.
 */
export async function previewMemberList(bytes: Uint8Array): Promise<MemberListPreview> {
  const rows = await readTableFile(bytes, { maxBytes: MEMBER_LIST_LIMITS.bytes, maxRows: MEMBER_LIST_LIMITS.rows + 1, unreadable: 'member_list_unreadable' })
  if (rows.length > MEMBER_LIST_LIMITS.rows + 1) throw new AppError('member_list_unreadable', 'The list has too many rows')
  const preview = parseMemberList(rows)
  if (preview.members.length === 0) throw new AppError('member_list_unreadable', 'The list holds no member')
  return preview
}

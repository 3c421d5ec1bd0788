/**
 * Importing a hospital's list of registrants (issue 15 §1, "Import"): reading the table a
 * hospital sends (XLSX or CSV; Chinese or English headers), checking each row, and deciding
 * row by row what a confirmed import would do. Pure: the services read the file, look the
 * people up and write; `now` is not needed here.
 */

/**
 * How much one import may hold: a hospital sends a few hundred names; 5,000 rows is the largest
 * list we take in one go (issue 15 scale target), 3 MB bounds the upload before reading it.
 */
export const IMPORT_LIMITS = { bytes: 3_000_000, rows: 5_000, headerSearchRows: 10, field: 200 } as const

export type ImportField = 'name' | 'email' | 'phone' | 'contact' | 'institution' | 'title' | 'ticket'

/**
 * Header names as hospitals write them, compared after `headerKey` (lower case, no spaces,
 * no marks such as "*" or "（必填）"). `contact` is one column holding a phone or an email.
 */
export const HEADER_ALIASES: Record<ImportField, readonly string[]> = {
  name: ['name', 'fullname', 'realname', 'attendee', '姓名', '名字', '真实姓名', '参会人', '参会人姓名'],
  email: ['email', 'e-mail', 'emailaddress', 'mail', '邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址'],
  phone: ['phone', 'mobile', 'mobilephone', 'telephone', 'tel', 'cellphone', '手机', '手机号', '手机号码', '电话', '联系电话', '电话号码'],
  contact: ['phoneoremail', 'emailorphone', 'contact', '联系方式', '手机或邮箱', '邮箱或手机'],
  institution: ['institution', 'hospital', 'organisation', 'organization', 'affiliation', 'employer', '单位', '医院', '工作单位', '所在单位', '单位名称', '医院名称'],
  title: ['title', 'jobtitle', 'position', 'professionaltitle', '职称', '职务', '职位'],
  ticket: ['ticket', 'tickettype', 'ticketname', '票种', '票', '门票', '参会类型'],
}

/** A header cell reduced to what identifies it: "Phone or Email *" and "手机号码（必填）" read as aliases. */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*:：_./]/g, '')
}

const FIELD_BY_KEY = new Map<string, ImportField>(Object.entries(HEADER_ALIASES).flatMap(([field, aliases]) => aliases.map((a) => [headerKey(a), field as ImportField] as const)))

export type ImportColumns = Partial<Record<ImportField, number>>

/** The columns of a header row, or null when it is not one (it needs a name and a phone or email column). */
export function readHeader(cells: string[]): ImportColumns | null {
  const columns: ImportColumns = {}
  cells.forEach((cell, i) => {
    const field = FIELD_BY_KEY.get(headerKey(cell))
    if (field && columns[field] === undefined) columns[field] = i
  })
  if (columns.name === undefined) return null
  if (columns.email === undefined && columns.phone === undefined && columns.contact === undefined) return null
  return columns
}

/** Why a row cannot be imported; the preview names it with the row's line (`deskImport.reason.<code>`). */
export type RowProblem = 'name_missing' | 'contact_missing' | 'email_invalid' | 'phone_invalid' | 'too_long' | 'ticket_missing' | 'ticket_unknown' | 'email_needed' | 'contact_conflict'

export type ImportRow = {
  /** The row number in the file (1-based, as a spreadsheet shows it). */
  line: number
  name: string
  email: string | null
  phone: string | null
  institution: string | null
  title: string | null
  ticket: string | null
  /** A problem found by reading the row alone; more are found against the event's data. */
  problem: RowProblem | null
}

export type ParsedImport = { ok: true; rows: ImportRow[]; headerLine: number } | { ok: false; problem: 'empty' | 'no_header' | 'too_many_rows' }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function normalizeEmail(raw: string): string | null {
  const email = raw.normalize('NFKC').trim().toLowerCase()
  return email.length <= 254 && EMAIL.test(email) ? email : null
}

/**
 * A phone as one key: a mainland mobile as its 11 digits (with or without +86 / 0086, spaces,
 * dashes), anything else international as "+" and 8–15 digits. Null: not a phone number.
 */
export function normalizePhone(raw: string): string | null {
  const compact = raw.normalize('NFKC').replace(/[\s\-()]/g, '')
  const mainland = /^(?:\+?86|0086)?(1[3-9]\d{9})$/.exec(compact)
  if (mainland) return mainland[1]!
  const international = /^(?:\+|00)(\d{8,15})$/.exec(compact)
  return international ? `+${international[1]}` : null
}

const text = (cells: string[], column: number | undefined) => (column === undefined ? '' : (cells[column] ?? '').normalize('NFKC').trim())

/** One data row read through the header's columns; null for an empty row (skipped, not an error). */
export function readRow(cells: string[], columns: ImportColumns, line: number): ImportRow | null {
  const name = text(cells, columns.name)
  const contact = text(cells, columns.contact)
  let rawEmail = text(cells, columns.email)
  let rawPhone = text(cells, columns.phone)
  if (contact) {
    if (contact.includes('@')) rawEmail ||= contact
    else rawPhone ||= contact
  }
  const institution = text(cells, columns.institution)
  const title = text(cells, columns.title)
  const ticket = text(cells, columns.ticket)
  if (!name && !rawEmail && !rawPhone && !institution && !title && !ticket) return null
  const email = rawEmail ? normalizeEmail(rawEmail) : null
  const phone = rawPhone ? normalizePhone(rawPhone) : null
  const problem: RowProblem | null = !name
    ? 'name_missing'
    : [name, institution, title, ticket].some((v) => v.length > IMPORT_LIMITS.field)
      ? 'too_long'
      : !rawEmail && !rawPhone
        ? 'contact_missing'
        : rawEmail && !email
          ? 'email_invalid'
          : rawPhone && !phone
            ? 'phone_invalid'
            : null
  return { line, name, email, phone, institution: institution || null, title: title || null, ticket: ticket || null, problem }
}

/**
 * The rows of a table (cells as text, row i is line i + 1): the header is the first row of the
 * first `headerSearchRows` that names a name and a phone or email column (a title line above it
 * is common); empty rows are skipped.
 */
export function parseImportTable(table: string[][], limits: { rows: number; headerSearchRows: number } = IMPORT_LIMITS): ParsedImport {
  if (table.every((cells) => cells.every((c) => c.trim() === ''))) return { ok: false, problem: 'empty' }
  let headerIndex = -1
  let columns: ImportColumns | null = null
  for (let i = 0; i < Math.min(table.length, limits.headerSearchRows); i++) {
    columns = readHeader(table[i]!)
    if (columns) {
      headerIndex = i
      break
    }
  }
  if (!columns) return { ok: false, problem: 'no_header' }
  const rows: ImportRow[] = []
  for (let i = headerIndex + 1; i < table.length; i++) {
    const row = readRow(table[i]!, columns, i + 1)
    if (!row) continue
    if (rows.length === limits.rows) return { ok: false, problem: 'too_many_rows' }
    rows.push(row)
  }
  return { ok: true, rows, headerLine: headerIndex + 1 }
}

export type ImportTicket = { id: string; nameZh: string; nameEn: string; quota: number | null; seatsTaken: number }
export type KnownUser = { id: string; email: string; phone: string | null }

/** What the event's data says about the file's people, looked up in bulk by the service. */
export type ImportContext = {
  tickets: ImportTicket[]
  usersByEmail: ReadonlyMap<string, KnownUser>
  usersByPhone: ReadonlyMap<string, KnownUser>
  /** Users already registered for the event (any status: a cancelled one is not re-added by an import). */
  registeredUserIds: ReadonlySet<string>
}

type Person = { line: number; name: string; institution: string | null; title: string | null; ticketId: string }
export type PlannedRow =
  | (Person & { kind: 'new'; email: string; phone: string | null })
  | (Person & { kind: 'existing'; userId: string; matchedBy: 'email' | 'phone' })
  | { kind: 'registered'; line: number; name: string; userId: string }
  | { kind: 'duplicate'; line: number; name: string; firstLine: number }
  | { kind: 'bad'; line: number; name: string; reason: RowProblem }

export type TicketLoad = { ticketId: string; adding: number; available: number | null; over: number }

export type ImportPlan = {
  rows: PlannedRow[]
  summary: { total: number; new: number; existing: number; registered: number; duplicate: number; bad: number }
  tickets: TicketLoad[]
  /** False when a ticket would go over its seats: nothing may be imported until the list or the quota changes. */
  fits: boolean
}

const ticketKey = (value: string) => value.normalize('NFKC').trim().toLowerCase()

/** The ticket a row names (by its Chinese or English name, or its id); an empty cell means the event's only ticket. */
export function resolveTicket(value: string | null, tickets: ImportTicket[]): { ok: true; ticketId: string } | { ok: false; reason: 'ticket_missing' | 'ticket_unknown' } {
  if (!value) return tickets.length === 1 ? { ok: true, ticketId: tickets[0]!.id } : { ok: false, reason: 'ticket_missing' }
  const key = ticketKey(value)
  const found = tickets.find((t) => t.id === value || ticketKey(t.nameZh) === key || ticketKey(t.nameEn) === key)
  return found ? { ok: true, ticketId: found.id } : { ok: false, reason: 'ticket_unknown' }
}

/**
 * What importing the rows would do, row by row, in file order:
 * - a bad row (as read, or a ticket not found, or an email and a phone of two different people,
 *   or a new person with only a phone: the invitation needs an email);
 * - a duplicate: its email or phone is on an earlier good row of the file;
 * - registered: the person (matched by email first, then phone) is already registered;
 * - existing: an account matched by email or phone gets a registration;
 * - new: an account is made, and a registration.
 * Only new and existing rows take seats; a ticket whose quota they pass makes the plan not fit.
 * Importing the same file again therefore plans nothing: every person is "registered".
 */
export function planImport(rows: ImportRow[], context: ImportContext): ImportPlan {
  const planned: PlannedRow[] = []
  const seen = new Map<string, number>()
  for (const row of rows) {
    if (row.problem) {
      planned.push({ kind: 'bad', line: row.line, name: row.name, reason: row.problem })
      continue
    }
    const ticket = resolveTicket(row.ticket, context.tickets)
    if (!ticket.ok) {
      planned.push({ kind: 'bad', line: row.line, name: row.name, reason: ticket.reason })
      continue
    }
    const byEmail = row.email ? context.usersByEmail.get(row.email) : undefined
    const byPhone = row.phone ? context.usersByPhone.get(row.phone) : undefined
    if (byEmail && byPhone && byEmail.id !== byPhone.id) {
      planned.push({ kind: 'bad', line: row.line, name: row.name, reason: 'contact_conflict' })
      continue
    }
    const user = byEmail ?? byPhone
    if (!user && !row.email) {
      planned.push({ kind: 'bad', line: row.line, name: row.name, reason: 'email_needed' })
      continue
    }
    const keys = [row.email && `e:${row.email}`, row.phone && `p:${row.phone}`, user && `u:${user.id}`].filter((k): k is string => !!k)
    const firstLine = keys.map((k) => seen.get(k)).find((l) => l !== undefined)
    if (firstLine !== undefined) {
      planned.push({ kind: 'duplicate', line: row.line, name: row.name, firstLine })
      continue
    }
    for (const k of keys) seen.set(k, row.line)
    const person = { line: row.line, name: row.name, institution: row.institution, title: row.title, ticketId: ticket.ticketId }
    if (user && context.registeredUserIds.has(user.id)) planned.push({ kind: 'registered', line: row.line, name: row.name, userId: user.id })
    else if (user) planned.push({ ...person, kind: 'existing', userId: user.id, matchedBy: byEmail ? 'email' : 'phone' })
    else planned.push({ ...person, kind: 'new', email: row.email!, phone: row.phone })
  }
  const summary = { total: planned.length, new: 0, existing: 0, registered: 0, duplicate: 0, bad: 0 }
  const adding = new Map<string, number>()
  for (const p of planned) {
    summary[p.kind]++
    if (p.kind === 'new' || p.kind === 'existing') adding.set(p.ticketId, (adding.get(p.ticketId) ?? 0) + 1)
  }
  const tickets = context.tickets
    .filter((t) => adding.has(t.id))
    .map((t): TicketLoad => {
      const n = adding.get(t.id)!
      const available = t.quota === null ? null : Math.max(0, t.quota - t.seatsTaken)
      return { ticketId: t.id, adding: n, available, over: available === null ? 0 : Math.max(0, n - available) }
    })
  return { rows: planned, summary, tickets, fits: tickets.every((t) => t.over === 0) }
}

/** The people a plan adds: new accounts and registrations of existing ones. */
export function rowsToImport(plan: ImportPlan) {
  return plan.rows.filter((r): r is Extract<PlannedRow, { kind: 'new' | 'existing' }> => r.kind === 'new' || r.kind === 'existing')
}

/**
 * How an imported registration is settled, the same way a self-registration is: a free ticket
 * is confirmed; a paid one is either paid by the hospital's transfer (staff tick it when the
 * money is in) or waits for its own transfer, holding its seat until the event's deadline and
 * released when it passes unpaid (decision 018E). It never waits without a deadline.
 */
export type ImportSettlement = 'free' | 'paid_by_transfer' | 'awaiting_transfer'

export function importSettlement(amount: number, paidByTransfer: boolean): ImportSettlement {
  if (amount <= 0) return 'free'
  return paidByTransfer ? 'paid_by_transfer' : 'awaiting_transfer'
}

/**
 * Why a confirmed import cannot go ahead as asked: rows that would wait for a transfer when the
 * event takes none (no account to pay into, so no instructions and no deadline). Staff tick
 * "paid by the hospital's transfer" or set up the event's account first.
 */
export function importSettlementProblem(settlements: readonly ImportSettlement[], transferOffered: boolean): 'transfer_not_offered' | null {
  return !transferOffered && settlements.includes('awaiting_transfer') ? 'transfer_not_offered' : null
}

/** The rows a plan adds for paid tickets (each ticket's full price of the day in `amounts`): what the preview warns about. */
export function countPaidRows(plan: ImportPlan, amounts: ReadonlyMap<string, number>): number {
  return rowsToImport(plan).filter((r) => (amounts.get(r.ticketId) ?? 0) > 0).length
}

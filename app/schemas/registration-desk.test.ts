import { describe, expect, test } from 'vitest'
import { deskActionSchema, parseDeskQuery } from './registration-desk.ts'

const parse = (qs: string) => parseDeskQuery(new URLSearchParams(qs))

describe('parseDeskQuery', () => {
  test.each([
    ['', { sort: 'created', dir: 'desc', page: 1 }],
    ['q=%20Li%20&status=&ticket=', { q: 'Li', sort: 'created', dir: 'desc', page: 1 }],
    ['status=PENDING_APPROVAL&tier=MEMBER', { status: 'PENDING_APPROVAL', tier: 'MEMBER', sort: 'created', dir: 'desc', page: 1 }],
    ['checkedIn=yes&certificate=no', { checkedIn: true, certificate: false, sort: 'created', dir: 'desc', page: 1 }],
    ['sort=name&dir=asc&page=7', { sort: 'name', dir: 'asc', page: 7 }],
    ['ticket=clx123abc&utm_source=mail', { ticket: 'clx123abc', sort: 'created', dir: 'desc', page: 1 }],
    ['institution=%20%E5%8D%8F%E5%92%8C%20', { institution: '协和', sort: 'created', dir: 'desc', page: 1 }],
    ['institution=%20%20&q=', { sort: 'created', dir: 'desc', page: 1 }],
  ])('accepts ?%s', (qs, query) => expect(parse(qs)).toEqual({ ok: true, query }))

  test.each([
    ['status=PAID', 'status'],
    ['tier=VIP', 'tier'],
    ['checkedIn=maybe', 'checkedIn'],
    ['certificate=1', 'certificate'],
    ['sort=email', 'sort'],
    ['dir=up', 'dir'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['ticket=%27%3B%20drop', 'ticket'],
    [`q=${'x'.repeat(101)}`, 'q'],
    ['q=a%00b', 'q'],
    [`institution=${'x'.repeat(201)}`, 'institution'],
    ['institution=a%00b', 'institution'],
    ['institution=A&institution=B', 'institution'],
    ['status=CONFIRMED&status=CANCELLED', 'status'],
  ])('refuses ?%s, naming %s', (qs, field) => {
    const result = parse(qs)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field)
  })
})

describe('deskActionSchema', () => {
  test('a resend needs a nonce; confirm and cancel do not', () => {
    expect(deskActionSchema.safeParse({ intent: 'resend', registrationId: 'clx1000000' }).success).toBe(false)
    expect(deskActionSchema.safeParse({ intent: 'resend', registrationId: 'clx1000000', nonce: 'abcdefgh12' }).success).toBe(true)
    expect(deskActionSchema.safeParse({ intent: 'cancel', registrationId: 'clx1000000' }).success).toBe(true)
    expect(deskActionSchema.safeParse({ intent: 'refund', registrationId: 'clx1000000' }).success).toBe(true)
    expect(deskActionSchema.safeParse({ intent: 'refund-all', registrationId: 'clx1000000' }).success).toBe(false)
  })

  test.each<[string, Record<string, string>, boolean, string?]>([
    ['a move names its ticket', { intent: 'move', registrationId: 'clx1000000', ticketTypeId: 'clx2000000' }, true],
    ['a move without a ticket is refused', { intent: 'move', registrationId: 'clx1000000' }, false],
    ['a ticket id that was never on offer', { intent: 'move', registrationId: 'clx1000000', ticketTypeId: '../../x' }, false, 'validation.choice'],
    ['a note of 500 characters', { intent: 'move', registrationId: 'clx1000000', ticketTypeId: 'clx2000000', note: '注'.repeat(500) }, true],
    ['a note of 501 characters', { intent: 'move', registrationId: 'clx1000000', ticketTypeId: 'clx2000000', note: '注'.repeat(501) }, false, 'validation.tooLong'],
    ['a note with a NUL', { intent: 'move', registrationId: 'clx1000000', ticketTypeId: 'clx2000000', note: 'a\u0000b' }, false, 'validation.invalidCharacters'],
    ['a refund with its bank reference', { intent: 'refund', registrationId: 'clx1000000', reference: 'TR-2027-001' }, true],
    ['a refund reference of 101 characters', { intent: 'refund', registrationId: 'clx1000000', reference: 'x'.repeat(101) }, false, 'validation.tooLong'],
  ])('%s', (_, form, ok, message) => {
    const parsed = deskActionSchema.safeParse(form)
    expect(parsed.success).toBe(ok)
    if (!parsed.success && message) expect(parsed.error.issues.map((i) => i.message)).toContain(message)
  })

  test('a blank note or reference is no note', () => {
    const parsed = deskActionSchema.parse({ intent: 'move', registrationId: 'clx1000000', ticketTypeId: 'clx2000000', note: '   ' })
    expect(parsed).toMatchObject({ intent: 'move' })
    expect(parsed.intent === 'move' ? parsed.note : 'x').toBe('')
    expect(deskActionSchema.parse({ intent: 'refund', registrationId: 'clx1000000', reference: '' })).toEqual({ intent: 'refund', registrationId: 'clx1000000' })
  })
})

import { expect, inject, test } from 'vitest'

const baseUrl = inject('baseUrl')

/** Posts the sign-up form as a browser without JavaScript does, from the server's point of view a real client. */
const signUp = (form: Record<string, string>) =>
  fetch(`${baseUrl}/signup`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), redirect: 'manual' })

/** The message the page shows after a sign-up, with the address typed replaced. */
async function sentMessage(res: Response, email: string) {
  const html = await res.text()
  return /<p[^>]*data-testid="signup-sent"[^>]*>([^<]*)<\/p>/.exec(html)?.[1]?.replaceAll(email, '<email>')
}

test('sign-up answers an address with an account exactly as a new one', async () => {
  const taken = 'attendee@demo.cme-forum.org'
  const fresh = `newcomer-${Date.now()}@test.cme-forum.org`
  const forTaken = await signUp({ email: taken, password: 'violet-tram-4-harbour', realName: '测试' })
  const forNew = await signUp({ email: fresh, password: 'violet-tram-4-harbour', realName: '测试' })
  expect(forTaken.status).toBe(200)
  expect(forNew.status).toBe(forTaken.status)
  expect(forTaken.headers.get('set-cookie')).toBeNull()
  const message = await sentMessage(forTaken, taken)
  expect(message).toBe('如果 <email> 尚未注册，一封确认邮件正在发送中。请在 24 小时内打开邮件中的链接完成注册。')
  expect(await sentMessage(forNew, fresh)).toBe(message)
})

test.each([
  ['password', '密码至少需要 10 个字符。'],
  ['          ', '密码不能只有空格。'],
  ['1234567890', '这个密码太常见，很容易被猜中，请换一个。'],
])('the password %j is refused with its reason on the page', async (password, reason) => {
  const res = await signUp({ email: `weak-${Date.now()}@test.cme-forum.org`, password, realName: '测试' })
  expect(res.status).toBe(422)
  expect(await res.text()).toContain(reason)
})

import { describe, expect, test } from 'vitest'
import { redirectToOf, withRedirectTo } from './redirect-to.ts'

const requestTo = (query: string) => new Request(`http://localhost/login${query}`)

describe('redirectToOf', () => {
  test.each([
    ['', null],
    ['?redirectTo=', null],
    ['?redirectTo=%2Fevents%2Fsummit%2Fregister', '/events/summit/register'],
    ['?redirectTo=%2Fevents%3Fq%3Da%26page%3D2', '/events?q=a&page=2'],
    ['?redirectTo=%2F%2Fevil.example%2Fphish', null],
    ['?redirectTo=https%3A%2F%2Fevil.example', null],
    ['?redirectTo=%2F%09%2Fevil.example', null],
    ['?redirectTo=%2F%5Cevil.example', null],
  ])('%j gives %j', (query, expected) => {
    expect(redirectToOf(requestTo(query))).toBe(expected)
  })
})

describe('withRedirectTo', () => {
  test.each([
    ['/signup', null, '/signup'],
    ['/signup', '', '/signup'],
    ['/signup', '/events/summit/register', '/signup?redirectTo=%2Fevents%2Fsummit%2Fregister'],
    ['/login', '/events?q=a&page=2', '/login?redirectTo=%2Fevents%3Fq%3Da%26page%3D2'],
  ])('%s with %j is %s', (path, redirectTo, expected) => {
    expect(withRedirectTo(path, redirectTo)).toBe(expected)
  })

  test('a link built from the query reads back the same target', () => {
    const target = '/events/summit/register?ticket=a b&x=1#form'
    expect(redirectToOf(new Request(`http://localhost${withRedirectTo('/signup', target)}`))).toBe(safeTarget(target))
  })
})

/** What the URL parser makes of a target (spaces encoded), as safeRedirect returns it. */
const safeTarget = (target: string) => {
  const url = new URL(target, 'http://x.invalid')
  return `${url.pathname}${url.search}${url.hash}`
}

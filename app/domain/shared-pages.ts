/**
 * Pages rendered the same for everyone, signed in or not (issue 16): their loaders, and the root
 * loader on them, read no session. The live player is one: thousands open it in the minute a
 * forum starts, so one render serves them all (the page cache keeps it a few seconds per
 * language) and each person's part (their name in the header, whether they may watch, their
 * join token) comes from one small JSON request (/api/live/access).
 */
const SHARED_PAGES = [/^\/events\/[a-z0-9-]+\/forums\/[a-z0-9-]+\/live\/?$/]

export function isSharedPage(pathname: string): boolean {
  return SHARED_PAGES.some((page) => page.test(pathname))
}

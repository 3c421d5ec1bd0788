import { purgePublicPages } from './public-page-cache.server.ts'

/**
 * Every cached view of an event on this node, keyed by the event's slug: the public
 * event page's data (`get-event-page`), data shown beside it (a speaker's profile) and the
 * rendered HTML of the public-page micro-cache. Readers register a cache with
 * `onForgetEventPage`; any write use case that changes what an event shows calls
 * `forgetEventPage`, so the node that made the change shows it at once (other nodes within
 * their caches' few seconds).
 */
const dependentCaches = new Set<(slug: string) => void>()

export function onForgetEventPage(forget: (slug: string) => void) {
  dependentCaches.add(forget)
}

/** Drops every cached view of an event on this node: its data, pages built from it, its rendered HTML. */
export function forgetEventPage(slug: string) {
  for (const forget of dependentCaches) forget(slug)
  purgePublicPages(slug)
}

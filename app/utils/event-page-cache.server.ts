import { onSiblingMessage, publishToSiblings } from './cluster-bus.server.ts'
import { purgePublicPages } from './public-page-cache.server.ts'

/**
 * Every cached view of an event, keyed by the event's slug: the public event page's data
 * (`get-event-page`), data shown beside it (a speaker's profile) and the rendered HTML of
 * the public-page micro-cache. Readers register a cache with `onForgetEventPage`; any
 * write use case that changes what an event shows calls `forgetEventPage`, so the change
 * shows at once in every process of this machine (the other processes hear it over the
 * cluster bus); other machines show it within their caches' few seconds.
 */
const dependentCaches = new Set<(slug: string) => void>()
const TOPIC = 'forget-event-page'

export function onForgetEventPage(forget: (slug: string) => void) {
  dependentCaches.add(forget)
}

function forgetHere(slug: string) {
  for (const forget of dependentCaches) forget(slug)
  purgePublicPages(slug)
}

// Another process of the machine changed an event.
onSiblingMessage(TOPIC, (slug) => {
  if (typeof slug === 'string') forgetHere(slug)
})

/** Drops every cached view of an event in every process of this machine: its data, pages built from it, its rendered HTML. */
export function forgetEventPage(slug: string) {
  forgetHere(slug)
  publishToSiblings(TOPIC, slug)
}

import { useNavigate } from '@remix-run/react'
import { createContext, createElement, useContext, useEffect, useRef, type HTMLAttributes, type MouseEvent, type ReactNode } from 'react'
import { I18nContext } from 'react-i18next'
import { resolveLocale } from '~/domain/locale.ts'
import { viewerTime } from '~/domain/time.ts'

/**
 * Markup rendered once on the server and shared by every visitor (an event's programme), put
 * into the page with dangerouslySetInnerHTML on the server and in the browser alike, so
 * hydration finds what it expects (app/utils/html-fragments.server.tsx says how it travels).
 *
 * Static markup has no React inside it, so two small things are done here for it:
 * - the viewer's own time (what <LocalTime> shows after hydration) fills the placeholders
 *   `<LocalTimeSlot>` left in it;
 * - a link marked `data-client-nav` navigates client-side, as Remix's <Link> would.
 */
export type FragmentData = { key: string; html: string | null }

const DocumentFragments = createContext<ReadonlyMap<string, string> | undefined>(undefined)

/**
 * entry.server.tsx: for each fragment the document's loaders left out of their data, the marker
 * to render in its place (the byte stream puts the fragment's bytes there, app/utils/strip-nul.server.ts).
 */
export const DocumentFragmentsProvider = DocumentFragments.Provider

/** Markup the browser took from the page it hydrated, by fragment key (the loader data carried none). */
const hydratedMarkup = new Map<string, string>()

function markupOf(fragment: FragmentData, elementId: string, fromServer: ReadonlyMap<string, string> | undefined): string {
  if (fragment.html !== null) return fragment.html
  const rendered = fromServer?.get(fragment.key)
  if (rendered !== undefined) return rendered
  let kept = hydratedMarkup.get(fragment.key)
  if (kept === undefined && typeof document !== 'undefined') {
    // The first render in the browser is the hydration of the server's page: its markup is the fragment.
    kept = document.getElementById(elementId)?.innerHTML ?? ''
    hydratedMarkup.set(fragment.key, kept)
  }
  return kept ?? ''
}

type Props = Omit<HTMLAttributes<HTMLElement>, 'children' | 'dangerouslySetInnerHTML'> & {
  as?: 'div' | 'ul' | 'ol' | 'section'
  id: string
  /** The shared markup; without it, `children` are rendered as usual (the uncached path). */
  fragment?: FragmentData | null
  children?: ReactNode
  [data: `data-${string}`]: string | number | undefined
}

export function HtmlFragment({ as = 'div', id, fragment, children, onClick, ...rest }: Props) {
  const fromServer = useContext(DocumentFragments)
  const ref = useRef<HTMLElement>(null)
  const navigate = useNavigate()
  // The i18next instance only (not useTranslation(), which costs a namespace check and a fixed
  // t per fragment and render): the fragment's markup is static, its local times are filled in an effect.
  const { i18n } = useContext(I18nContext)
  const html = fragment ? markupOf(fragment, id, fromServer) : null

  // Remix's navigate() does nothing until the component has mounted: a click that lands while
  // the page is still hydrating is left to the browser (a full page load) rather than lost.
  const mounted = useRef(false)
  useEffect(() => {
    mounted.current = true
  }, [])

  useEffect(() => {
    if (ref.current) fillLocalTimes(ref.current, resolveLocale(i18n.language), (time) => i18n.t('event.localTime', { time }))
  })

  const clientNavigation = (event: MouseEvent<HTMLElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = (event.target as Element).closest?.('a[data-client-nav]')
    const href = link?.getAttribute('href')
    if (!link || !href || !event.currentTarget.contains(link) || !mounted.current) return
    event.preventDefault()
    navigate(href)
  }

  return createElement(as, { ...rest, id, ref, onClick: clientNavigation, ...(html !== null ? { dangerouslySetInnerHTML: { __html: html } } : { children }) })
}

/**
 * Where the viewer's time is shown beside the event's once the page runs in a browser
 * (the server cannot know the viewer's zone): hidden until then, and where the two agree.
 */
export function LocalTimeSlot({ instant, end, eventTimeZone, className = 'local-time' }: { instant: Date; end?: Date; eventTimeZone: string; className?: string }) {
  return <span className={className} data-local-time={instant.toISOString()} data-local-end={end?.toISOString()} data-event-zone={eventTimeZone} hidden />
}

function fillLocalTimes(root: HTMLElement, locale: ReturnType<typeof resolveLocale>, label: (time: string) => string) {
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  for (const slot of root.querySelectorAll<HTMLElement>('[data-local-time]')) {
    const { localTime, localEnd, eventZone } = slot.dataset
    if (!localTime || !eventZone) continue
    const time = viewerTime(new Date(localTime), localEnd ? new Date(localEnd) : null, eventZone, viewerZone, locale)
    const text = time ? label(time) : ''
    if (slot.textContent !== text) slot.textContent = text
    slot.hidden = !time
  }
}

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { HtmlFragment, type FragmentData } from './html-fragment.tsx'

/** Keep in step with the `min-width: 900px` queries in styles.css. */
const WIDE_VIEWPORT = '(min-width: 900px)'

/** Whether the phone layout is in force; false on the server and until hydration. */
function useNarrowViewport(): boolean {
  const [narrow, setNarrow] = useState(false)
  useEffect(() => {
    const query = window.matchMedia(WIDE_VIEWPORT)
    const update = () => setNarrow(!query.matches)
    update()
    query.addEventListener('change', update)
    return () => query.removeEventListener('change', update)
  }, [])
  return narrow
}

/** A column's content: shared markup (`fragment`), or React `children`. */
export type TimetableColumn = { id: string; label: string; children?: ReactNode; fragment?: FragmentData | null }

/**
 * One day of the programme. Parallel forums stand side by side on a wide screen; on a phone
 * they become tabs (WAI-ARIA tabs pattern: arrow keys, Home and End move between them,
 * automatic activation). The media query in styles.css switches the layout. Without
 * JavaScript there are no tabs and every forum is shown, one below the other.
 */
export function DayTimetable({ id, label, columns }: { id: string; label: string; columns: TimetableColumn[] }) {
  const [hydrated, setHydrated] = useState(false)
  const [selected, setSelected] = useState(0)
  const narrow = useNarrowViewport()
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const grid = useRef<HTMLDivElement>(null)
  const tabbed = hydrated && columns.length > 1

  useEffect(() => {
    setHydrated(true)
    // A link to one session (#session-…, as the schedule exports write) opens its forum's tab.
    const target = window.location.hash.startsWith('#session-') ? document.getElementById(window.location.hash.slice(1)) : null
    const panel = target?.closest<HTMLElement>('[data-column]')
    if (target && panel && grid.current?.contains(panel)) {
      setSelected(Number(panel.dataset.column))
      // Hiding the other tabs moves the session; bring it back into view.
      requestAnimationFrame(() => target.scrollIntoView({ block: 'start' }))
    }
  }, [])

  const select = (index: number, focus: boolean) => {
    const next = (index + columns.length) % columns.length
    setSelected(next)
    if (focus) {
      tabs.current[next]?.focus()
      tabs.current[next]?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
    }
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: selected + 1, ArrowLeft: selected - 1, Home: 0, End: columns.length - 1 }
    const to = moves[event.key]
    if (to === undefined) return
    event.preventDefault()
    select(to, true)
  }

  const tabId = (i: number) => `${id}-tab-${i}`
  const panelId = (i: number) => `${id}-panel-${i}`
  return (
    <div className="day-timetable" data-tabs={tabbed ? '' : undefined}>
      {tabbed ? (
        <div className="forum-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
          {columns.map((c, i) => (
            <button
              key={c.id}
              ref={(el) => {
                tabs.current[i] = el
              }}
              type="button"
              role="tab"
              id={tabId(i)}
              aria-selected={i === selected}
              aria-controls={panelId(i)}
              tabIndex={i === selected ? 0 : -1}
              title={c.label}
              onClick={() => select(i, false)}
            >
              {c.label}
            </button>
          ))}
        </div>
      ) : null}
      <div ref={grid} className="day-grid" style={{ '--columns': columns.length } as React.CSSProperties}>
        {columns.map((c, i) => (
          <HtmlFragment
            key={c.id}
            id={panelId(i)}
            className="forum-column"
            data-column={i}
            data-active={tabbed && i === selected ? '' : undefined}
            role={tabbed && narrow ? 'tabpanel' : undefined}
            aria-labelledby={tabbed && narrow ? tabId(i) : undefined}
            tabIndex={tabbed && narrow ? 0 : undefined}
            fragment={c.fragment}
          >
            {c.children}
          </HtmlFragment>
        ))}
      </div>
    </div>
  )
}

import { useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/** From this width on, the console's panels are tabs beside the preview; below it they stack. */
export const CONSOLE_WIDE_QUERY = '(min-width: 1024px)'

/** Whether a media query matches, following it live; false on the server (phone-first HTML). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    () => window.matchMedia(query).matches,
    () => false,
  )
}

export type ConsolePanel = {
  id: string
  label: string
  /** The ids of the panel's items now; those that arrive while the panel is not shown count as unread. Null: no count. */
  itemIds: readonly string[] | null
  content: ReactNode
}

/**
 * The console's interaction panels (Q&A, hands, polls, chat, invitations). On a wide screen they
 * are tabs (WAI-ARIA tabs, automatic activation: arrows, Home and End move between them), each
 * with the number of items that arrived while it was not shown; on a phone they stack, all shown.
 * The panels stay mounted across layouts and tab switches, so a half-typed poll is kept.
 */
export function ConsolePanels({ panels, label }: { panels: ConsolePanel[]; label: string }) {
  const { t } = useTranslation()
  const wide = useMediaQuery(CONSOLE_WIDE_QUERY)
  const [selected, setSelected] = useState(panels[0]!.id)
  const tabs = useRef(new Map<string, HTMLButtonElement>())
  // Item ids seen per panel. A panel on screen has seen all it holds; marking them during the
  // render keeps the count and what is shown in step (idempotent, so a double render is harmless).
  const seen = useRef(new Map<string, Set<string>>())
  const unread = new Map<string, number>()
  for (const panel of panels) {
    if (!panel.itemIds) continue
    let ids = seen.current.get(panel.id)
    if (!ids) seen.current.set(panel.id, (ids = new Set()))
    const shown = !wide || panel.id === selected
    let count = 0
    for (const id of panel.itemIds) {
      if (shown) ids.add(id)
      else if (!ids.has(id)) count++
    }
    unread.set(panel.id, count)
  }

  const select = (id: string, focus: boolean) => {
    setSelected(id)
    if (focus) tabs.current.get(id)?.focus()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = panels.findIndex((p) => p.id === selected)
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: panels.length - 1 }[e.key]
    if (to === undefined) return
    e.preventDefault()
    select(panels[(to + panels.length) % panels.length]!.id, true)
  }

  return (
    <div className="console-panels" data-layout={wide ? 'tabs' : 'stacked'} data-testid="console-panels">
      {wide ? (
        <div role="tablist" aria-label={label} className="console-tablist" onKeyDown={onKeyDown}>
          {panels.map((panel) => {
            const count = unread.get(panel.id) ?? 0
            const active = panel.id === selected
            return (
              <button
                key={panel.id}
                ref={(el) => void (el ? tabs.current.set(panel.id, el) : tabs.current.delete(panel.id))}
                type="button"
                role="tab"
                id={`console-tab-${panel.id}`}
                aria-controls={`console-panel-${panel.id}`}
                aria-selected={active}
                tabIndex={active ? 0 : -1}
                className="console-tab"
                onClick={() => select(panel.id, false)}
                data-testid={`console-tab-${panel.id}`}
              >
                {panel.label}
                {count > 0 ? (
                  <span className="unread-count" data-testid={`unread-${panel.id}`} data-count={count}>
                    <span aria-hidden="true">{count}</span>
                    <span className="sr-only">{t('liveConsole.unread', { count })}</span>
                  </span>
                ) : null}
              </button>
            )
          })}
        </div>
      ) : null}
      {panels.map((panel) => (
        <div
          key={panel.id}
          id={`console-panel-${panel.id}`}
          className="console-panel"
          role={wide ? 'tabpanel' : undefined}
          aria-labelledby={wide ? `console-tab-${panel.id}` : undefined}
          tabIndex={wide ? 0 : undefined}
          hidden={wide && panel.id !== selected}
          data-testid={`console-panel-${panel.id}`}
        >
          {panel.content}
        </div>
      ))}
    </div>
  )
}

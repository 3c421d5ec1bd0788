import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { sectionHref, sectionOfPath, STAFF_SECTIONS } from '~/domain/staff-sections.ts'

/**
 * The staff event console's navigation, the same on every page under /staff/events/<id>: one link
 * per section, the current one marked with aria-current (its sub-pages mark their section).
 */
export function StaffEventNav({ eventId }: { eventId: string }) {
  const { t } = useTranslation()
  const current = sectionOfPath(useLocation().pathname)
  return (
    <nav className="staff-event-nav" aria-label={t('staffSections.nav.label')} data-testid="staff-event-nav">
      <ul>
        {STAFF_SECTIONS.map((s) => {
          const exact = current === s
          return (
            <li key={s}>
              <Link to={sectionHref(eventId, s)} aria-current={exact ? 'page' : undefined} prefetch="intent">
                {t(`staffSections.nav.${s}`)}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

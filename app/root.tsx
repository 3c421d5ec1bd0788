import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useRouteLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { useNonce } from '~/components/nonce-provider.tsx'
import { useAnnouncedViewer } from '~/components/viewer-store.ts'
import { DEFAULT_LOCALE, resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { isSharedPage } from '~/domain/shared-pages.ts'
import { i18nFor } from '~/i18n/i18n.ts'
import stylesUrl from '~/styles.css?url'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { isDemoMode } from '~/utils/env.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesUrl },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const cookie = (await localeCookie.parse(request.headers.get('Cookie'))) as string | null
  const locale = resolveLocale(cookie)
  // A shared page reads no session: its header learns who is looking from the page's own request.
  if (isSharedPage(new URL(request.url).pathname)) return { locale, user: null, viewerPending: true, demo: isDemoMode() }
  const user = await getOptionalUser(request)
  return { locale, user: user ? { id: user.id, realName: user.realName, role: user.role } : null, viewerPending: false, demo: isDemoMode() }
}

function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const locale: AppLocale = data?.locale ?? DEFAULT_LOCALE
  const i18n = i18nFor(locale)
  const nonce = useNonce()
  // Marks the document once React has hydrated it: before that a click submits a form
  // natively, without its onSubmit (a confirm dialog, say). Browser tests wait for it.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          {data?.demo ? <DemoBanner /> : null}
          <Header />
          <main id="main">{children}</main>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

/** A demo instance (DEMO=1, `npm start -- --demo`): its accounts have published passwords. */
function DemoBanner() {
  const { t } = useTranslation()
  return (
    <p className="demo-banner" role="note" data-testid="demo-banner">
      {t('demo.banner')}
    </p>
  )
}

function Header() {
  const { t } = useTranslation()
  const data = useRootData()
  const location = useLocation()
  const announced = useAnnouncedViewer()
  const locale = data?.locale ?? DEFAULT_LOCALE
  const other: AppLocale = locale === 'zh-CN' ? 'en' : 'zh-CN'
  // On a shared page the render does not know the visitor; the page's own request tells.
  const pending = data?.viewerPending === true
  const user = pending ? announced.viewer : (data?.user ?? null)
  return (
    <header className="site-header">
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <Link to="/events" className="brand">
        {t('app.name')}
      </Link>
      <nav aria-label="main">
        <Link to="/events">{t('nav.events')}</Link>
        {user && ['STAFF', 'ADMIN'].includes(user.role) ? <Link to="/staff">{t('staff.title')}</Link> : null}
        {pending && !announced.known ? (
          <span className="nav-viewer-pending" data-testid="nav-pending" />
        ) : user ? (
          <>
            <Link to="/me" data-testid="nav-me">
              {t('me.title')}
            </Link>
            <Link to="/profile" data-testid="nav-profile">
              {user.realName}
            </Link>
            <Form method="post" action="/logout" className="inline">
              <button type="submit" className="link">
                {t('nav.logout')}
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t('nav.login')}</Link>
            <Link to={`/signup?redirectTo=${encodeURIComponent(location.pathname)}`}>{t('nav.signup')}</Link>
          </>
        )}
        <Form method="post" action="/locale" className="inline" aria-label={t('nav.language')}>
          <input type="hidden" name="locale" value={other} />
          <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
          <button type="submit" className="lang" lang={other} data-testid="language-switch">
            {t(`lang.${other}`)}
          </button>
        </Form>
      </nav>
    </header>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  let code = 'internal'
  let status = 500
  if (isRouteErrorResponse(error)) {
    status = error.status
    const fromData = (error.data as { code?: string } | null)?.code
    code = fromData ?? (status === 404 ? 'not_found' : status === 403 ? 'forbidden' : status < 500 ? 'bad_request' : 'internal')
  }
  const title = status === 404 ? t('errors.notFoundTitle') : t('errors.title')
  return (
    <section className="error-page" data-status={status}>
      <h1>{title}</h1>
      <p>{t(`errors.${code}`, { defaultValue: t('errors.internal') })}</p>
      <p className="muted">HTTP {status}</p>
      <Link to="/events">{t('errors.backHome')}</Link>
    </section>
  )
}

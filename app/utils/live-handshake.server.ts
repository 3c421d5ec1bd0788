import { resolveLocale, type AppLocale } from '~/domain/locale.ts'
import { verifyLiveToken, type LiveTokenCheck } from '~/domain/live-token.ts'
import { translate } from '~/i18n/i18n.ts'

/**
 * Checks the join token a socket brings in `handshake.auth` ({ token, locale }), for the
 * stage's `/media` and the audience's `/interaction` alike. A refusal is an Error whose
 * `data` socket.io hands to the client's `connect_error`, translated.
 */
export function checkLiveHandshake(auth: unknown, secret: string, nowSec: number): { check: LiveTokenCheck; locale: AppLocale; refusal: Error | null } {
  const { token, locale: asked } = (auth ?? {}) as { token?: unknown; locale?: unknown }
  const locale = resolveLocale(typeof asked === 'string' ? asked : null)
  const check: LiveTokenCheck = typeof token === 'string' ? verifyLiveToken(secret, token, nowSec) : { ok: false, reason: 'malformed' }
  if (check.ok) return { check, locale, refusal: null }
  const message = translate(locale, 'errors.live_token_invalid')
  return { check, locale, refusal: Object.assign(new Error(message), { data: { code: 'live_token_invalid', message } }) }
}

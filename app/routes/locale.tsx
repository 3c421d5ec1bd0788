import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLocale } from '~/domain/locale.ts'
import { safeRedirect } from '~/schemas/auth.ts'
import { localeCookie } from '~/utils/session.server.ts'

/** The language switch: remembers the choice in a cookie and goes back where the user was. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const locale = form.get('locale')
  const back = safeRedirect(form.get('redirectTo'))
  if (!isLocale(locale)) return redirect(back)
  return redirect(back, { headers: { 'Set-Cookie': await localeCookie.serialize(locale) } })
}

export function loader() {
  return redirect('/events')
}

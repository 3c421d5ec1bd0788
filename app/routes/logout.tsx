import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logOut } from '~/services/accounts/log-out.server.ts'
import { destroyLoginCookie, getLoginSessionId } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'

export async function action({ request }: ActionFunctionArgs) {
  await logOut(getDb(), await getLoginSessionId(request))
  return redirect('/events', { headers: { 'Set-Cookie': await destroyLoginCookie(request) } })
}

// Log-out changes state, so it is POST only; a GET just goes back to the events.
export function loader() {
  return redirect('/events')
}

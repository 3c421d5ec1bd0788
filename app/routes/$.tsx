import { data } from '@remix-run/node'

// Any unknown URL: a real 404 rendered by the root error boundary in the user's language.
export function loader() {
  throw data({ code: 'not_found', message: 'No such page' }, { status: 404 })
}

export default function NotFound() {
  return null
}

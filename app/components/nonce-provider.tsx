import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of the page being rendered (app/entry.server.tsx provides it).
 * In the browser it is empty: browsers hide a nonce from scripts once the page has loaded, and the
 * scripts that need it ran before hydration.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}

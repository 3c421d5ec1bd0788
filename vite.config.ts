import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig, type Plugin } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

/**
 * Worker threads run a file of their own, which the server bundle alone would not contain: the
 * server build emits each as an extra entry, build/server/<name>.js beside index.js, where
 * workerFileUrl (app/utils/worker-task.server.ts) looks for it. Code they share with the bundle
 * goes into a chunk both import.
 */
function serverWorkers(workers: Record<string, string>): Plugin {
  let ssr = false
  return {
    name: 'cme:server-workers',
    apply: 'build',
    configResolved(config) {
      ssr = Boolean(config.build.ssr)
    },
    buildStart() {
      if (!ssr) return
      for (const [name, source] of Object.entries(workers)) this.emitFile({ type: 'chunk', id: source, fileName: `${name}.js` })
    },
  }
}

// Every Remix v3 future flag is on so that moving to React Router 7 is a codemod.
// See docs/decisions/001-remix-v2-with-v3-future-flags.md.
export default defineConfig({
  server: { hmr: process.env.NODE_ENV === 'test' ? false : undefined },
  plugins: [
    remix({
      ignoredRouteFiles: ['**/*.test.{ts,tsx}', '**/.*'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: false,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    serverWorkers({ 'parse-questions.worker': './app/services/exams/parse-questions.worker.ts' }),
  ],
})

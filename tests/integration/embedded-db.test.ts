import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, rm, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { startEmbeddedDb } from '../../app/utils/embedded-db.server.ts'
import { freePort, scratchFolder } from '../helpers/test-database.ts'

const root = path.resolve(import.meta.dirname, '../..')
const folders: string[] = []
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))))

async function scratch() {
  const dir = await scratchFolder('embedded')
  folders.push(dir)
  return dir
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

function withPassword(url: string, password: string) {
  const u = new URL(url)
  u.password = password
  return u.toString()
}

describe('the embedded PostgreSQL', () => {
  test('is created with a password of its own, kept mode 0600, listens on loopback only and refuses any other password', async () => {
    const dataDir = path.join(await scratch(), 'postgres')
    const db = await startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })
    try {
      expect((await stat(path.join(dataDir, 'password'))).mode & 0o777).toBe(0o600)
      const [settings] = await query<{ listen: string; version: string }>(db.url, `SELECT current_setting('listen_addresses') AS listen, version() AS version`)
      expect(settings).toMatchObject({ listen: '127.0.0.1', version: expect.stringMatching(/^PostgreSQL 18\./) })
      for (const password of ['postgres', 'wrong-password']) {
        await expect(query(withPassword(db.url, password), 'SELECT 1')).rejects.toMatchObject({ code: '28P01' })
      }
    } finally {
      await db.stop()
    }
  })

  test('keeps its data and password across a restart', async () => {
    const dataDir = path.join(await scratch(), 'postgres')
    const port = await freePort()
    const first = await startEmbeddedDb({ dataDir, port, maxConnections: 10 })
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`)
    await first.stop()
    const second = await startEmbeddedDb({ dataDir, port, maxConnections: 10 })
    try {
      expect(second.url).toBe(first.url)
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }])
    } finally {
      await second.stop()
    }
  })

  test('starts from a copy of its folder, as a backup made by stopping it and copying the folder is restored', async () => {
    const dataDir = path.join(await scratch(), 'postgres')
    const first = await startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from the backup')`)
    await first.stop()
    // A plain recursive copy: the copier owns the files (root, when tests run as root) and the mode is loosened.
    const restored = path.join(await scratch(), 'postgres')
    await cp(dataDir, restored, { recursive: true })
    await chmod(path.join(restored, 'cluster'), 0o755)
    const db = await startEmbeddedDb({ dataDir: restored, port: await freePort(), maxConnections: 10 })
    try {
      expect(await query(db.url, 'SELECT note FROM kept')).toEqual([{ note: 'from the backup' }])
    } finally {
      await db.stop()
    }
  })

  test('starts again after the process that owned it was killed with SIGKILL', async () => {
    const dataDir = path.join(await scratch(), 'postgres')
    const port = await freePort()
    const owner = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/embedded-db-owner.ts'), dataDir, String(port)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      owner.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
      owner.once('exit', (code) => reject(new Error(`the owner exited with ${code}`)))
    })
    owner.kill('SIGKILL')
    await new Promise((r) => owner.once('exit', r))
    // PostgreSQL runs in its own process group, so it outlived its owner and still holds the folder.
    expect(existsSync(path.join(dataDir, 'cluster', 'postmaster.pid'))).toBe(true)

    const started = Date.now()
    const db = await startEmbeddedDb({ dataDir, port, maxConnections: 10 })
    try {
      expect(Date.now() - started).toBeLessThan(10_000)
      expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      await db.stop()
    }
  })

  test('refuses to share its folder with another live server', async () => {
    const dataDir = path.join(await scratch(), 'postgres')
    const db = await startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })
    try {
      await expect(startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })).rejects.toThrow(/in use by another server \(process \d+\)/)
      expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      await db.stop()
    }
  })

  test('names a port in use instead of failing obscurely', async () => {
    const blocker = net.createServer()
    const port = await freePort()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      await expect(startEmbeddedDb({ dataDir: path.join(await scratch(), 'postgres'), port, maxConnections: 10 })).rejects.toThrow(
        `Port ${port} for the embedded database is in use; set EMBEDDED_DB_PORT`,
      )
    } finally {
      blocker.close()
    }
  })
})

describe('a PGlite folder from an earlier version', () => {
  async function pgliteFolder(dir: string) {
    // What PGlite 0.5 leaves: PostgreSQL's layout with PG_VERSION at the top, never a postmaster.opts.
    await mkdir(path.join(dir, 'base'), { recursive: true })
    await writeFile(path.join(dir, 'PG_VERSION'), '18\n')
  }

  test('as EMBEDDED_DB_DIR itself: the start stops with the way to import it, and the folder is left alone', async () => {
    const dataDir = path.join(await scratch(), 'pglite')
    await pgliteFolder(dataDir)
    await expect(startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })).rejects.toThrow(/holds a PGlite database .*npm run db:import-pglite/)
    expect(existsSync(path.join(dataDir, 'cluster'))).toBe(false)
    expect(existsSync(path.join(dataDir, 'password'))).toBe(false)
  })

  test('at the old default beside a new folder: no empty database is started in its place', async () => {
    const dataRoot = await scratch()
    await pgliteFolder(path.join(dataRoot, 'pglite'))
    const dataDir = path.join(dataRoot, 'postgres')
    const message = `${path.join(dataRoot, 'pglite')} holds the PGlite database of an earlier version`
    await expect(startEmbeddedDb({ dataDir, port: await freePort(), maxConnections: 10 })).rejects.toThrow(message)
    expect(existsSync(dataDir)).toBe(false)
  })
})

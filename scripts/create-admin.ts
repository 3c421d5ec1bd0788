// `npm run admin:create -- --email admin@example.org --name "Ada Admin"`: creates an ADMIN
// account (or promotes an existing one, which ends its sessions) and prints a one-time link,
// valid for 24 hours, with which its owner sets a password. A new account has no usable
// password until then. Works on DATABASE_URL, or on the embedded database under
// EMBEDDED_DB_DIR: the running server's, or one this script starts for itself.
import { existsSync } from 'node:fs'
import net from 'node:net'
import { parseArgs } from 'node:util'

// The command's output is the link; the services' info logs would bury it.
process.env.LOG_LEVEL ??= 'warn'

const USAGE = 'Usage: npm run admin:create -- --email <address> [--name "<real name>"]   (--name is needed for a new account)'

function fail(message: string): never {
  console.error(`\n${message}\n`)
  process.exit(1)
}

let args: { email?: string; name?: string }
try {
  args = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true, allowPositionals: false }).values
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`)
}

const { z } = await import('zod')
const { loginSchema } = await import('../app/schemas/auth.ts')
const input = z.object({ email: loginSchema.shape.email, name: z.string().trim().min(1).max(100).optional() }).safeParse(args)
if (!input.success) fail(`A valid --email is needed.\n${USAGE}`)

const { embeddedDbPaths, embeddedDbUrl, startEmbeddedDb } = await import('../app/utils/embedded-db.server.ts')
const { getEnv } = await import('../app/utils/env.server.ts')
const { migrate } = await import('../app/utils/migrate.server.ts')
const { createPrisma } = await import('../app/utils/db.server.ts')
const { createAdmin } = await import('../app/services/accounts/create-admin.server.ts')
const { isAppError } = await import('../app/utils/app-error.ts')

/** Whether something listens on 127.0.0.1:port (the running server's embedded database). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

const env = getEnv()
let url = env.DATABASE_URL
let embedded: Awaited<ReturnType<typeof startEmbeddedDb>> | undefined
if (!url) {
  const paths = embeddedDbPaths(env.EMBEDDED_DB_DIR)
  if (existsSync(paths.password) && (await listening(env.EMBEDDED_DB_PORT))) {
    // `npm start` is running on this folder: use its database (it applied the migrations).
    url = await embeddedDbUrl(env.EMBEDDED_DB_DIR, env.EMBEDDED_DB_PORT)
  } else {
    try {
      embedded = await startEmbeddedDb({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, maxConnections: 2 })
    } catch (error) {
      if ((error as Error).name !== 'EmbeddedDbError') throw error
      fail((error as Error).message)
    }
    url = embedded.url
  }
}
if (env.DATABASE_URL || embedded) await migrate(url)

const db = createPrisma(url, 2)
try {
  const admin = await createAdmin(db, { email: input.data.email, realName: input.data.name })
  const base = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  const what = admin.created ? 'Created the administrator' : admin.promoted ? 'Promoted to administrator (their sessions have ended)' : 'Already an administrator'
  console.log(`${what}: ${input.data.email}`)
  console.log(`Open this link within 24 hours to set the password (it works once; running the command again replaces it):`)
  console.log(`\n  ${base}/reset-password/${admin.token}\n`)
} catch (error) {
  if (!isAppError(error)) throw error
  // Not fail(): the embedded database this script started must still be stopped.
  console.error(`\n${error.message}\n${USAGE}\n`)
  process.exitCode = 1
} finally {
  await db.$disconnect()
  await embedded?.stop()
}

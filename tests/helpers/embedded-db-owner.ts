// A stand-in for the app server in tests/integration/embedded-db.test.ts: starts the embedded
// database in the folder and on the port it is given, says so, and waits to be killed.
import { startEmbeddedDb } from '../../app/utils/embedded-db.server.ts'

const [dataDir, port] = process.argv.slice(2)
await startEmbeddedDb({ dataDir: dataDir!, port: Number(port), maxConnections: 5 })
console.log('ready')
setInterval(() => undefined, 60_000)

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './test-database.ts'

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
export const EDGE_CONFIG = path.resolve(import.meta.dirname, '../../docs/nginx/hls-edge.conf')

export type NginxEdge = {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  dir: string
  master: ChildProcess
  /** The worker processes' ids (children of the master, without the cache manager and loader). */
  workerPids(): Promise<number[]>
  errorLog(): Promise<string>
  stop(): Promise<void>
}

/**
 * docs/nginx/hls-edge.conf with its ${...} values filled in, as envsubst would (only those five
 * names, so nginx's own $variables stay). `workers` replaces `worker_processes auto`.
 */
export async function renderEdgeConfig(values: { listen: string; origin: string; secret: string; stateDir: string; logDir: string }, workers?: number): Promise<string> {
  const template = await readFile(EDGE_CONFIG, 'utf8')
  const map: Record<string, string> = { EDGE_LISTEN: values.listen, HLS_ORIGIN: values.origin, HLS_URL_SECRET: values.secret, EDGE_STATE_DIR: values.stateDir, EDGE_LOG_DIR: values.logDir }
  let text = template.replace(/\$\{(EDGE_LISTEN|HLS_ORIGIN|HLS_URL_SECRET|EDGE_STATE_DIR|EDGE_LOG_DIR)\}/g, (_, name: string) => map[name]!)
  if (workers !== undefined) text = text.replace(/^worker_processes auto;$/m, `worker_processes ${workers};`)
  // A container may not raise the open-files limit past its hard limit: ask for no more than that.
  const hard = await openFilesHardLimit()
  if (hard !== undefined && hard < 65536) text = text.replace(/^worker_rlimit_nofile 65536;$/m, `worker_rlimit_nofile ${hard};`)
  return text
}

/**
 * Debian's nginx running the tested edge config on a free loopback port, as a normal child
 * process (daemon off; master + workers), everything under a temporary folder.
 */
export async function startNginxEdge(options: { origin: string; secret: string; workers?: number }): Promise<NginxEdge> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hls-edge-'))
  await mkdir(path.join(dir, 'logs'), { recursive: true })
  const port = await freePort()
  const conf = path.join(dir, 'nginx.conf')
  await writeFile(conf, await renderEdgeConfig({ listen: `127.0.0.1:${port}`, origin: options.origin, secret: options.secret, stateDir: dir, logDir: path.join(dir, 'logs') }, options.workers))
  // Running as root, nginx would hand the workers to `nobody`, who cannot write a 0700 mkdtemp folder.
  const user = process.getuid?.() === 0 ? ' user root root;' : ''
  const master = spawn(NGINX, ['-p', dir, '-c', conf, '-g', `daemon off;${user}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  master.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    if (master.exitCode !== null) throw new Error(`nginx exited: ${stderr}${await readFile(path.join(dir, 'logs', 'error.log'), 'utf8').catch(() => '')}`)
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) break
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    port,
    dir,
    master,
    workerPids: async () => {
      const pids = await childPids(master.pid!)
      const names = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')))
      return pids.filter((_, i) => names[i]!.includes('worker process'))
    },
    errorLog: () => readFile(path.join(dir, 'logs', 'error.log'), 'utf8').catch(() => ''),
    async stop() {
      if (master.exitCode === null) {
        const exited = new Promise((resolve) => master.once('exit', resolve))
        master.kill('SIGQUIT')
        const timer = setTimeout(() => master.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function openFilesHardLimit(): Promise<number | undefined> {
  const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '')
  const m = /^Max open files\s+\S+\s+(\d+)/m.exec(limits)
  return m ? Number(m[1]) : undefined
}

/** The processes whose parent is `pid` (from /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const children: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    // pid (comm) state ppid …: comm may contain spaces, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (ppid === pid) children.push(Number(entry))
  }
  return children
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of stat (1-based), i.e. 11 and 12 after "state".
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

const CLOCK_TICKS = 100

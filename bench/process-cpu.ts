import { readdirSync, readFileSync } from 'node:fs'

const TICKS = 100 // USER_HZ on Linux

/** The process and all its descendants. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid]
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []))
  return all
}

/**
 * User + system CPU seconds of a server's processes, primary and children (node only: not the
 * database it talks to). A figure that stays meaningful on a shared machine, unlike req/s.
 */
export function serverCpuSeconds(pid: number): number {
  let ticks = 0
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      if (!stat.includes('(node)') && !stat.includes('(MainThread)')) continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS
}

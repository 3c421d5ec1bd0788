import path from 'node:path'
import type { Env } from './env.server.ts'

/** The recordings folder (RECORDINGS_DIR, else `recordings` in the data folder beside EMBEDDED_DB_DIR), absolute. */
export function recordingsDir(env: Pick<Env, 'RECORDINGS_DIR' | 'EMBEDDED_DB_DIR'>): string {
  return path.resolve(env.RECORDINGS_DIR ?? path.join(path.dirname(env.EMBEDDED_DB_DIR), 'recordings'))
}

import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

let sequence = 0

/**
 * Writes a file so a reader (the broadcaster, the app, nginx, a player) never sees half of it:
 * a temporary name in the same folder (unique per process and write), then rename into place.
 */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.${++sequence}.tmp`
  await writeFile(temporary, content)
  await rename(temporary, file)
}

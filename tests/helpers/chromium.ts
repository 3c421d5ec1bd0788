import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, never a downloaded browser. playwright-core gives each launch a fresh profile. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH)')
  return found
}

export async function launchChromium(options: { media?: boolean } = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ]
  if (options.media) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream')
  return chromium.launch({ executablePath: chromiumPath(), args })
}

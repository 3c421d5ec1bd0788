import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { getEnv, readOrCreateDataFolderSecrets, recordEmbeddedDatabaseUrl, resetEnvCache, resolveLogLevel } from './env.server.ts'

describe('getEnv', () => {
  test('fills defaults for a bare environment', () => {
    const env = getEnv({})
    expect(env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', MEDIA_SERVER: 'embedded', EMBEDDED_DB_DIR: '.data/postgres' })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.MEDIASOUP_WORKERS).toBeGreaterThanOrEqual(1)
  })

  test('treats empty strings as unset', () => {
    expect(getEnv({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined()
  })

  test('coerces numbers and booleans', () => {
    expect(getEnv({ PORT: '8080', SEED_DEMO: 'false', MEDIASOUP_WORKERS: '4' })).toMatchObject({ PORT: 8080, SEED_DEMO: false, MEDIASOUP_WORKERS: 4 })
  })

  test.each([
    [undefined, undefined],
    ['1', 1],
    ['true', true],
    ['false', false],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('reads TRUST_PROXY %s as %s for Express', (value, expected) => {
    expect(getEnv(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected)
  })

  test.each([
    [undefined, { minPerHour: 2, maxPerHour: 4 }],
    ['0', null],
    ['1-3', { minPerHour: 1, maxPerHour: 3 }],
  ])('reads PRESENCE_RANDOM_PER_HOUR %s', (value, expected) => {
    expect(getEnv(value === undefined ? {} : { PRESENCE_RANDOM_PER_HOUR: value }).PRESENCE_RANDOM_PER_HOUR).toEqual(expected)
  })

  test.each([
    ['PRESENCE_RANDOM_PER_HOUR', { PRESENCE_RANDOM_PER_HOUR: '4-2' }],
    ['PRESENCE_RANDOM_PER_HOUR', { PRESENCE_RANDOM_PER_HOUR: 'often' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['SESSION_SECRET', { SESSION_SECRET: 'short' }],
    ['MEDIA_SERVER', { MEDIA_SERVER: 'somewhere' }],
    ['MEDIASOUP_WORKERS', { MEDIASOUP_WORKERS: '0' }],
  ])('names %s in a readable error when it is bad', (name, source) => {
    expect(() => getEnv(source)).toThrow(new RegExp(`Invalid environment configuration:\\n.*${name}`))
  })

  test('lists every bad variable at once', () => {
    expect(() => getEnv({ PORT: 'x', MEDIA_SERVER: 'y' })).toThrow(/PORT[\s\S]*MEDIA_SERVER|MEDIA_SERVER[\s\S]*PORT/)
  })

  test('refuses WebRtcServer ports inside the RTC port range', () => {
    expect(() => getEnv({ MEDIASOUP_WORKERS: '2', MEDIASOUP_WEBRTC_PORT: '44999', MEDIASOUP_RTC_MIN_PORT: '45000', MEDIASOUP_RTC_MAX_PORT: '46000' })).toThrow(
      /MEDIASOUP_WEBRTC_PORT: ports 44999-45000 overlap/,
    )
    expect(getEnv({ MEDIASOUP_WORKERS: '2', MEDIASOUP_WEBRTC_PORT: '44998', MEDIASOUP_RTC_MIN_PORT: '45000', MEDIASOUP_RTC_MAX_PORT: '46000' }).MEDIASOUP_WEBRTC_PORT).toBe(44998)
  })

  test('refuses an inverted RTC port range', () => {
    expect(() => getEnv({ MEDIASOUP_RTC_MIN_PORT: '50000', MEDIASOUP_RTC_MAX_PORT: '40000' })).toThrow(/MEDIASOUP_RTC_MIN_PORT/)
  })
})

describe('readOrCreateDataFolderSecrets', () => {
  test('generates unset secrets once under the data folder, mode 600, and reads the same ones on the next start', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cme-env-'))
    try {
      const env = getEnv({ EMBEDDED_DB_DIR: path.join(root, 'data', 'postgres') })
      const first = readOrCreateDataFolderSecrets(env)
      expect(first.fromDataFolder).toEqual(['SESSION_SECRET', 'TICKET_SECRET', 'CERTIFICATE_SIGNING_KEY'])
      expect(first.env.SESSION_SECRET).toMatch(/^[0-9a-f]{64}$/)
      expect(first.env.TICKET_SECRET).toMatch(/^[0-9a-f]{64}$/)
      expect(first.env.CERTIFICATE_SIGNING_KEY).toContain('-----BEGIN PRIVATE KEY-----')
      expect(first.env.SESSION_SECRET).not.toBe(first.env.TICKET_SECRET)
      for (const file of ['session-secret', 'ticket-secret', 'certificate-signing-key.pem']) {
        expect(statSync(path.join(root, 'data', file)).mode & 0o777).toBe(0o600)
      }
      expect(readFileSync(path.join(root, 'data', 'session-secret'), 'utf8')).toBe(first.env.SESSION_SECRET)
      expect(readOrCreateDataFolderSecrets(env).env).toEqual(first.env)
      expect(env.SESSION_SECRET).toBeUndefined()
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  test('leaves configured secrets alone', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cme-env-'))
    try {
      const secret = 'x'.repeat(40)
      const env = getEnv({ EMBEDDED_DB_DIR: path.join(root, 'postgres'), SESSION_SECRET: secret, TICKET_SECRET: secret, CERTIFICATE_SIGNING_KEY: 'k'.repeat(40) })
      expect(readOrCreateDataFolderSecrets(env)).toEqual({ env, fromDataFolder: [] })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('recordEmbeddedDatabaseUrl', () => {
  test('reaches another copy of the module, as the Remix server bundle loads its own', async () => {
    resetEnvCache()
    try {
      const url = 'postgresql://postgres:postgres@127.0.0.1:54329/postgres?sslmode=disable'
      expect(recordEmbeddedDatabaseUrl(url).DATABASE_URL).toBe(url)
      vi.resetModules()
      const bundleCopy = await import('./env.server.ts')
      expect(bundleCopy.getEnv).not.toBe(getEnv)
      expect(bundleCopy.getEnv().DATABASE_URL).toBe(url)
    } finally {
      resetEnvCache()
    }
  })
})

describe('resolveLogLevel', () => {
  test.each([
    [{}, 'info'],
    [{ NODE_ENV: 'test' }, 'warn'],
    [{ NODE_ENV: 'test', LOG_LEVEL: 'debug' }, 'debug'],
    [{ LOG_LEVEL: 'error' }, 'error'],
  ])('%o logs at %s', (source, expected) => {
    expect(resolveLogLevel(source)).toBe(expected)
  })
})

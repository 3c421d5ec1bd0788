import { describe, expect, test } from 'vitest'
import { getEnv } from './env.server.ts'

describe('getEnv', () => {
  test('fills defaults for a bare environment', () => {
    const env = getEnv({})
    expect(env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', MEDIA_SERVER: 'embedded', EMBEDDED_DB_DIR: '.data/pglite' })
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
    expect(() => getEnv({ MEDIASOUP_WORKERS: '2', MEDIASOUP_WEBRTC_PORT: '44999', MEDIASOUP_RTC_MIN_PORT: '45000', MEDIASOUP_RTC_MAX_PORT: '46000' })).toThrow(/MEDIASOUP_WEBRTC_PORT: ports 44999-45000 overlap/)
    expect(getEnv({ MEDIASOUP_WORKERS: '2', MEDIASOUP_WEBRTC_PORT: '44998', MEDIASOUP_RTC_MIN_PORT: '45000', MEDIASOUP_RTC_MAX_PORT: '46000' }).MEDIASOUP_WEBRTC_PORT).toBe(44998)
  })

  test('refuses an inverted RTC port range', () => {
    expect(() => getEnv({ MEDIASOUP_RTC_MIN_PORT: '50000', MEDIASOUP_RTC_MAX_PORT: '40000' })).toThrow(/MEDIASOUP_RTC_MIN_PORT/)
  })
})

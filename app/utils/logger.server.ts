import { pino } from 'pino'
import { resolveLogLevel } from './env.server.ts'

// Structured logs. Personal data appears only as ids.
export const logger = pino({
  level: resolveLogLevel(),
  base: { service: 'cme-forum' },
  redact: ['password', '*.password', 'passwordHash', '*.passwordHash', 'token', '*.token'],
})

export type Logger = typeof logger

import { pino } from 'pino'

// Structured logs. Personal data appears only as ids.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { service: 'cme-forum' },
  redact: ['password', '*.password', 'passwordHash', '*.passwordHash', 'token', '*.token'],
})

export type Logger = typeof logger

import { describe, expect, test } from 'vitest'
import { pooled } from './mailer.server.ts'

describe('pooled', () => {
  test.each([
    ['smtp://relay.example.org:587', 'smtp://relay.example.org:587?pool=true'],
    ['smtps://user:p%40ss@relay.example.org:465', 'smtps://user:p%40ss@relay.example.org:465?pool=true'],
    ['smtp://relay.example.org:25?ignoreTLS=true', 'smtp://relay.example.org:25?ignoreTLS=true&pool=true'],
    // The operator's choice stands.
    ['smtp://relay.example.org:25?pool=false', 'smtp://relay.example.org:25?pool=false'],
    ['smtp://relay.example.org:25?secure=false&pool=true', 'smtp://relay.example.org:25?secure=false&pool=true'],
  ])('%s → %s', (url, transportUrl) => expect(pooled(url)).toBe(transportUrl))
})

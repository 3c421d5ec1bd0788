import { describe, expect, test } from 'vitest'
import { announcedAddressFor, portRangeFor } from './config.ts'

describe('portRangeFor', () => {
  test.each([
    [0, 2, 40000, 49999, { rtcMinPort: 40000, rtcMaxPort: 44999 }],
    [1, 2, 40000, 49999, { rtcMinPort: 45000, rtcMaxPort: 49999 }],
    [2, 3, 40000, 40010, { rtcMinPort: 40006, rtcMaxPort: 40010 }],
    [0, 1, 40000, 40000, { rtcMinPort: 40000, rtcMaxPort: 40000 }],
  ])('worker %i of %i over %i-%i', (index, count, min, max, expected) => {
    expect(portRangeFor(index, count, min, max)).toEqual(expected)
  })
  test('refuses a range smaller than the worker count', () => {
    expect(() => portRangeFor(0, 4, 40000, 40002)).toThrow(/too small/)
  })
})

describe('announcedAddressFor', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '10.0.0.7', family: 'IPv4', internal: false },
    ],
  } as unknown as Parameters<typeof announcedAddressFor>[1]
  test.each([
    [{ listenIp: '0.0.0.0', announcedAddress: '203.0.113.9' }, '203.0.113.9'],
    [{ listenIp: '0.0.0.0' }, '10.0.0.7'],
    [{ listenIp: '127.0.0.1' }, undefined],
  ])('%o announces %s', (config, expected) => {
    expect(announcedAddressFor(config, interfaces)).toBe(expected)
  })
  test('falls back to loopback on a machine without an external interface', () => {
    expect(announcedAddressFor({ listenIp: '0.0.0.0' }, { lo: [] })).toBe('127.0.0.1')
  })
})

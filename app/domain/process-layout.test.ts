import { describe, expect, test } from 'vitest'
import { isJobOwner, isMediaSocketRequest, planProcessLayout, threadPoolSize } from './process-layout.ts'

describe('planProcessLayout', () => {
  const table: [string, Parameters<typeof planProcessLayout>[0], ReturnType<typeof planProcessLayout>][] = [
    [
      'one HTTP process per core by default, and the media server in a process of its own',
      { webConcurrency: undefined, cores: 2, media: 'embedded', poolSize: 10 },
      { webProcesses: 2, clustered: true, mediaProcess: true, databaseConnections: 4 * 14 },
    ],
    [
      'WEB_CONCURRENCY=1: the single process of before, media and all',
      { webConcurrency: 1, cores: 8, media: 'embedded', poolSize: 10 },
      { webProcesses: 1, clustered: false, mediaProcess: false, databaseConnections: 14 },
    ],
    [
      'a one-core machine runs one process',
      { webConcurrency: undefined, cores: 1, media: 'embedded', poolSize: 10 },
      { webProcesses: 1, clustered: false, mediaProcess: false, databaseConnections: 14 },
    ],
    [
      'media on its own hosts: no media process here',
      { webConcurrency: 4, cores: 2, media: 'external', poolSize: 5 },
      { webProcesses: 4, clustered: true, mediaProcess: false, databaseConnections: 5 * 9 },
    ],
    ['media off: no media process', { webConcurrency: 3, cores: 16, media: 'off', poolSize: 10 }, { webProcesses: 3, clustered: true, mediaProcess: false, databaseConnections: 4 * 14 }],
  ]
  test.each(table)('%s', (_name, input, expected) => {
    expect(planProcessLayout(input)).toEqual(expected)
  })
})

test('the first HTTP process owns the jobs, and only it', () => {
  expect([0, 1, 2].map(isJobOwner)).toEqual([true, false, false])
})

describe('threadPoolSize', () => {
  test.each([
    [2, 2, 4],
    [2, 1, 4],
    [8, 1, 10],
    [16, 4, 6],
  ])('%i cores, %i processes: %i threads each', (cores, processes, threads) => {
    expect(threadPoolSize(cores, processes)).toBe(threads)
  })
})

describe('isMediaSocketRequest', () => {
  test.each([
    ['/socket.io/?lane=media&EIO=4&transport=websocket', true],
    ['/socket.io/?EIO=4&transport=websocket&lane=media', true],
    ['/socket.io/?EIO=4&transport=websocket', false],
    ['/socket.io/?lane=other&EIO=4', false],
    ['/events/x?lane=media', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(isMediaSocketRequest(url)).toBe(expected)
  })
})

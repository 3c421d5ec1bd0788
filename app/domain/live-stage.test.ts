import { describe, expect, test } from 'vitest'
import { liveRoleFor, nextLiveStatus, spatialLayerFor } from './live-stage.ts'

describe('liveRoleFor', () => {
  test.each([
    [{ canModerate: true, invitedToStage: false, registrationStatus: null }, 'moderator'],
    [{ canModerate: true, invitedToStage: true, registrationStatus: 'CONFIRMED' }, 'moderator'],
    [{ canModerate: false, invitedToStage: true, registrationStatus: null }, 'speaker'],
    [{ canModerate: false, invitedToStage: true, registrationStatus: 'CANCELLED' }, 'speaker'],
    [{ canModerate: false, invitedToStage: false, registrationStatus: 'CONFIRMED' }, 'viewer'],
    [{ canModerate: false, invitedToStage: false, registrationStatus: 'PENDING_PAYMENT' }, null],
    [{ canModerate: false, invitedToStage: false, registrationStatus: 'PENDING_APPROVAL' }, null],
    [{ canModerate: false, invitedToStage: false, registrationStatus: 'WAITLISTED' }, null],
    [{ canModerate: false, invitedToStage: false, registrationStatus: 'CANCELLED' }, null],
    [{ canModerate: false, invitedToStage: false, registrationStatus: null }, null],
  ])('%o joins as %s', (input, role) => {
    expect(liveRoleFor(input)).toBe(role)
  })
})

describe('nextLiveStatus', () => {
  test.each([
    ['OFFLINE', 'go_live', 'LIVE'],
    ['PAUSED', 'go_live', 'LIVE'],
    ['LIVE', 'go_live', null],
    ['ENDED', 'go_live', null],
    ['LIVE', 'pause', 'PAUSED'],
    ['OFFLINE', 'pause', null],
    ['PAUSED', 'pause', null],
    ['LIVE', 'end', 'ENDED'],
    ['PAUSED', 'end', 'ENDED'],
    ['OFFLINE', 'end', null],
    ['ENDED', 'end', null],
  ] as const)('%s + %s → %s', (current, action, next) => {
    expect(nextLiveStatus(current, action)).toBe(next)
  })
})

describe('spatialLayerFor (capture 1280 px: layers 320, 640, 1280)', () => {
  test.each([
    [0, 0],
    [-5, 0],
    [Number.NaN, 0],
    [200, 0],
    [320, 0],
    [321, 1],
    [640, 1],
    [641, 2],
    [1280, 2],
    [3840, 2],
  ])('rendered %i px → layer %i', (rendered, layer) => {
    expect(spatialLayerFor(rendered, 1280)).toBe(layer)
  })
  test('a two-layer producer tops out at layer 1', () => {
    expect(spatialLayerFor(5000, 1280, 2)).toBe(1)
    expect(spatialLayerFor(600, 1280, 2)).toBe(0)
  })
})

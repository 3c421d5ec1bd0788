import type { types } from 'mediasoup'
import { AppError } from '../app/utils/app-error.ts'
import type { LiveRole } from '../app/domain/live-token.ts'
import type { PushEvents } from '../app/schemas/live-signalling.ts'

export type Notify = <E extends keyof PushEvents>(event: E, data: PushEvents[E]) => void

/** One router of a room, on one worker; the stage router also holds every producer. */
export type RouterSlot = {
  router: types.Router
  worker: types.Worker
  viewers: number
  stage: boolean
  /** The stage-side ends of the pipes into this router (closed if its worker dies). */
  pipeConsumers: Set<types.Consumer>
}

export type TransportDirection = 'send' | 'recv'
type TransportAppData = { direction: TransportDirection }

/**
 * A participant of a room: one socket, one role, on one router. Closing a peer closes
 * its transports, and mediasoup closes their producers and consumers with them.
 */
export class Peer {
  readonly transports = new Map<string, types.Transport<TransportAppData>>()
  readonly producers = new Map<string, types.Producer>()
  readonly consumers = new Map<string, types.Consumer>()
  closed = false

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly role: LiveRole,
    readonly name: string,
    readonly slot: RouterSlot,
    readonly rtpCapabilities: types.RtpCapabilities,
    private readonly send: Notify,
  ) {}

  get onStage(): boolean {
    return this.role !== 'viewer'
  }

  /** Pushes an event to this peer; a push to a peer that is gone is dropped. */
  notify: Notify = (event, data) => {
    if (!this.closed) this.send(event, data)
  }

  transport(id: string, direction?: TransportDirection): types.Transport<TransportAppData> {
    const transport = this.transports.get(id)
    if (!transport) throw new AppError('not_found', `No transport ${id}`)
    if (direction && transport.appData.direction !== direction) throw new AppError('bad_request', `Transport ${id} is not for ${direction === 'send' ? 'sending' : 'receiving'}`)
    return transport
  }

  producer(id: string): types.Producer {
    const producer = this.producers.get(id)
    if (!producer) throw new AppError('not_found', `No producer ${id}`)
    return producer
  }

  consumer(id: string): types.Consumer {
    const consumer = this.consumers.get(id)
    if (!consumer) throw new AppError('not_found', `No consumer ${id}`)
    return consumer
  }

  close() {
    if (this.closed) return
    this.closed = true
    for (const transport of this.transports.values()) transport.close()
    this.transports.clear()
    this.producers.clear()
    this.consumers.clear()
  }
}

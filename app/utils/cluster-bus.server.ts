import cluster from 'node:cluster'
import { logger } from './logger.server.ts'

/**
 * Messages between the processes of one machine (docs/process-layout.md): a process
 * publishes, the primary relays, every other process hears it. For the in-process caches
 * that must agree, such as the event pages a staff edit purges. Outside a cluster (one
 * process) publishing does nothing: there is nobody else to tell.
 *
 * The messages travel over the cluster's IPC channel, beside the socket.io cluster
 * adapter's own (which marks its messages differently).
 */
const MARK = '__cmeClusterBus'
type BusMessage = { [MARK]: true; topic: string; payload: unknown; from: number }
type Handler = (payload: unknown) => void

const isBusMessage = (message: unknown): message is BusMessage => typeof message === 'object' && message !== null && (message as Record<string, unknown>)[MARK] === true

// On globalThis: server.ts and the Remix server bundle each load their own copy of this module.
const shared = globalThis as unknown as { __cmeClusterBus?: { handlers: Map<string, Set<Handler>>; listening: boolean } }
const bus = (shared.__cmeClusterBus ??= { handlers: new Map(), listening: false })

function listen() {
  if (bus.listening || !cluster.isWorker) return
  bus.listening = true
  process.on('message', (message: unknown) => {
    if (!isBusMessage(message)) return
    for (const handler of bus.handlers.get(message.topic) ?? []) {
      try {
        handler(message.payload)
      } catch (error) {
        logger.error({ err: error, topic: message.topic }, 'cluster message not handled')
      }
    }
  })
}

/** Hears what the other processes publish on `topic`; returns the function that stops hearing. */
export function onSiblingMessage(topic: string, handler: Handler): () => void {
  let handlers = bus.handlers.get(topic)
  if (!handlers) bus.handlers.set(topic, (handlers = new Set<Handler>()))
  handlers.add(handler)
  listen()
  return () => handlers.delete(handler)
}

/** Tells every other process of the machine (not this one). */
export function publishToSiblings(topic: string, payload: unknown): void {
  if (!cluster.isWorker || !process.send) return
  const message: BusMessage = { [MARK]: true, topic, payload, from: cluster.worker!.id }
  process.send(message, undefined, {}, (error: Error | null) => {
    if (error) logger.warn({ err: error, topic }, 'cluster message not sent')
  })
}

/** The primary's part: relays each process's messages to every other live process. */
export function relaySiblingMessages(): void {
  cluster.on('message', (worker, message: unknown) => {
    if (!isBusMessage(message)) return
    for (const other of Object.values(cluster.workers ?? {})) {
      if (other && other.id !== worker.id && other.isConnected()) other.send(message, undefined, () => undefined)
    }
  })
}

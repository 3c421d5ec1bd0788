import { EventEmitter } from 'node:events'
import type { MediaConfig } from './config.ts'
import { Room, type Broadcast } from './room.ts'
import type { LiveStatus } from '../app/schemas/live-signalling.ts'
import type { WorkerPool } from './worker-pool.ts'

/**
 * The live rooms of this media process, one per forum. Creation is serialised per forum
 * (the promise is stored before the router exists), so two peers joining at once share
 * one room; a closed room leaves the map, and the next join builds a new one on a live
 * worker.
 */
export class RoomRegistry extends EventEmitter<{ room: [Room] }> {
  private readonly rooms = new Map<string, Promise<Room>>()
  /**
   * The last status a closed room held, per forum. A room rebuilt after its worker died is
   * opened by clients whose tokens may predate the moderator's "go live"; the remembered
   * statement is newer, so the rebuilt room comes back live.
   */
  private readonly lastStatus = new Map<string, { status: LiveStatus; at: number }>()

  constructor(
    private readonly pool: WorkerPool,
    private readonly config: Pick<MediaConfig, 'listenIp' | 'announcedAddress' | 'viewersPerRouter'>,
    private readonly broadcastFor: (forumId: string) => Broadcast,
    private readonly idleCloseMs?: number,
  ) {
    super()
  }

  async getOrCreate(forumId: string, statement: { status: LiveStatus; at: number }): Promise<Room> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let pending = this.rooms.get(forumId)
      if (!pending) {
        const remembered = this.lastStatus.get(forumId)
        const opening = remembered && remembered.at > statement.at ? remembered : statement
        pending = Room.create({
          forumId,
          pool: this.pool,
          config: this.config,
          broadcast: this.broadcastFor(forumId),
          liveStatus: opening.status,
          statusAt: opening.at,
          idleCloseMs: this.idleCloseMs,
        })
        const mine = pending
        this.rooms.set(forumId, mine)
        // The broadcaster (media-server/broadcast/) follows every room this process opens.
        mine.then((room) => this.emit('room', room)).catch(() => undefined)
        mine.then(
          (room) =>
            room.once('close', () => {
              this.lastStatus.set(forumId, room.statusStatement)
              if (this.rooms.get(forumId) === mine) this.rooms.delete(forumId)
            }),
          () => this.rooms.get(forumId) === mine && this.rooms.delete(forumId),
        )
      }
      const room = await pending
      if (room.closed) {
        if (this.rooms.get(forumId) === pending) this.rooms.delete(forumId)
        continue
      }
      room.offerStatus(statement.status, statement.at)
      return room
    }
    throw new Error(`could not open a room for forum ${forumId}`)
  }

  /** The open room of a forum, if any (never creates one). */
  async get(forumId: string): Promise<Room | undefined> {
    const room = await this.rooms.get(forumId)?.catch(() => undefined)
    return room && !room.closed ? room : undefined
  }

  async list(): Promise<Room[]> {
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => undefined)))
    return rooms.filter((r): r is Room => !!r && !r.closed)
  }

  /** WebRTC viewers in this process's rooms (the player's delivery choice compares it with the capacity). */
  async viewerTotal(): Promise<number> {
    return (await this.list()).reduce((sum, room) => sum + room.viewers, 0)
  }

  async closeAll() {
    for (const room of await this.list()) room.close('shutdown')
  }
}

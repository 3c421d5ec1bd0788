/**
 * The socket.io rooms of the /attendance namespace. A registration's room makes one
 * registration one viewer (a second device replaces the first); a forum's room reaches
 * everyone watching it. With the Redis adapter the rooms span every node.
 */
const REGISTRATION_PREFIX = 'reg:'
const FORUM_PREFIX = 'forum:'

export const registrationRoom = (registrationId: string) => `${REGISTRATION_PREFIX}${registrationId}`
export const forumRoom = (forumId: string) => `${FORUM_PREFIX}${forumId}`
export const isForumRoom = (room: string) => room.startsWith(FORUM_PREFIX)

/** The registration whose room this is, or null for any other room. */
export function registrationOfRoom(room: string): string | null {
  return room.startsWith(REGISTRATION_PREFIX) ? room.slice(REGISTRATION_PREFIX.length) : null
}

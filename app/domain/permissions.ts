/**
 * Who may do what. Permissions are `<action>:<entity>:<access>` strings as in the
 * Epic Stack; `:any` beats `:own`/`:assigned`. Pure: no database.
 */
export const ROLES = ['ATTENDEE', 'SPEAKER', 'MODERATOR', 'STAFF', 'ADMIN'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = [
  'read:profile:own',
  'update:profile:own',
  'register:event:any',
  'present:forum:assigned',
  'moderate:forum:assigned',
  'moderate:forum:any',
  'manage:event:any',
  'checkin:venue:assigned',
  'checkin:venue:any',
  'read:attendance:any',
  'issue:certificate:any',
  'manage:user:any',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ATTENDEE: Permission[] = ['read:profile:own', 'update:profile:own', 'register:event:any', 'checkin:venue:assigned']
const SPEAKER: Permission[] = [...ATTENDEE, 'present:forum:assigned']
const MODERATOR: Permission[] = [...SPEAKER, 'moderate:forum:assigned']
const STAFF: Permission[] = [...MODERATOR, 'moderate:forum:any', 'manage:event:any', 'checkin:venue:any', 'read:attendance:any', 'issue:certificate:any']
const ADMIN: Permission[] = [...STAFF, 'manage:user:any']

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  ATTENDEE: new Set(ATTENDEE),
  SPEAKER: new Set(SPEAKER),
  MODERATOR: new Set(MODERATOR),
  STAFF: new Set(STAFF),
  ADMIN: new Set(ADMIN),
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission)
}

/**
 * A forum's console is open to anyone with `moderate:forum:any` (staff, admins) and to the
 * accounts assigned to that forum as its moderators, whatever their platform role: staff
 * assign a member (often an ATTENDEE account, a department's secretary or a chair) to run
 * one forum, and that assignment is the grant. A MODERATOR role alone does not open every
 * forum; taking the assignment away takes the console away.
 */
export function canModerateForum(user: { id: string; role: Role }, assignedModeratorIds: readonly string[]): boolean {
  if (hasPermission(user.role, 'moderate:forum:any')) return true
  return assignedModeratorIds.includes(user.id)
}

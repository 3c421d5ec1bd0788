/** Row ids as the app creates them (cuid): 8 to 40 lower-case letters and digits. */
export const ID_SOURCE = '[a-z0-9]{8,40}'
export const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`)

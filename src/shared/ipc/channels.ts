/**
 * Verb, event and channel names only. The sandboxed preload imports this file, so it must stay free
 * of dependencies (no zod) to be bundled into a tiny CommonJS script. `contract.ts` checks at compile
 * time that it defines a schema for exactly these names.
 */
export const VERB_NAMES = [
  'ping',
  'getStatus',
  // kiosk
  'getKioskConfig',
  'recognizeFrame',
  'claimIdentity',
  'cancelClaim',
  // administrator session
  'getAdminState',
  'setupPin',
  'unlockAdmin',
  'lockAdmin',
  'changePin',
  // residents
  'listResidents',
  'getResident',
  'enrollResident',
  'addPhotos',
  'removePhoto',
  'renameResident',
  'deleteResident',
  'listLookAlikes',
  'checkCapture',
  // access log
  'queryLog',
  'exportLogCsv',
  'getSnapshot',
  // settings and door
  'getSettings',
  'getDoorOptions',
  'updateSettings',
  'testDoor',
  'openDoor'
] as const
export const EVENT_NAMES = ['status', 'door', 'decision', 'kioskConfig'] as const

export type VerbName = (typeof VERB_NAMES)[number]
export type EventNameList = (typeof EVENT_NAMES)[number]

export const CHANNEL_PREFIX = 'hh:'
export const EVENT_PREFIX = 'hh-event:'

export const channelOf = (verb: string): string => `${CHANNEL_PREFIX}${verb}`
export const eventChannelOf = (event: string): string => `${EVENT_PREFIX}${event}`

/** Name of the object the preload exposes on `window`. */
export const BRIDGE_KEY = 'happyHouse'

/** Public API of the door: controller, drivers, settings schema, types. */
export { DoorController } from './controller'
export type { DoorControllerOptions, DoorSnapshot, OpenUntilStore } from './controller'
export { OpenUntilFile, OPEN_UNTIL_FILE } from './open-until-file'
export { readOperatorFile, emptyOperatorConfig, OPERATOR_FILE, type OperatorDoorConfig } from './operator-file'
export { resolveDoorConfig, assertDoorAvailable } from './resolve'
export { createDoorDriver, CommandDriver, SimulatedDriver, WebhookDriver } from './drivers'
export {
  doorConfigSchema,
  doorDriverConfigSchema,
  parseDoorConfig,
  doorConfigFromSettings,
  DEFAULT_DOOR_CONFIG,
  TEMPLATE_VARIABLES
} from './config'
export type { DoorConfig, DoorConfigInput, DoorDriverConfig, DoorSettings } from './config'
export { describeOutcome, doorFailedError } from './outcome'
export { openForDecision } from './gate'
export { systemClock } from './clock'
export type { Clock, TimerHandle } from './clock'
export { TypedEmitter } from './emitter'
export * from './types'

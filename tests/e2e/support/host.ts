/** The kiosk started as a user starts it: shared with the Vitest hostile tests (tests/support/host.ts). */
export { startHost, type RunningHost } from '../../support/host'

import type { ConnectionLoss } from '../../../shared/error-details'
import type { ErrorResult } from '../../../shared/errors'

/** English for logs and tests only: the UI words the reason itself (i18n `connection.*`). */
const LOG_TEXT: Record<ConnectionLoss, string> = {
  lost: 'Lost the connection to the Happy House service',
  unreachable: 'Cannot reach the Happy House service',
  'no-token': 'Open the kiosk with `npm start` (it opens the one-time launch address that gives this browser its access token).'
}

/** The transport's own failure, with its reason as a machine code. */
export const disconnected = (reason: ConnectionLoss): ErrorResult => ({ ok: false, code: 'DISCONNECTED', message: LOG_TEXT[reason], details: { reason } })

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { VERBS } from '../../shared/ipc/contract'
import { channelOf, eventChannelOf } from '../../shared/ipc/channels'
import type { EventHub } from '../ipc/event-hub'
import type { IpcRegistry } from '../ipc/registry'
import { isOwnPage } from './security-policy'

/**
 * Electron's transport for the IPC contract: every verb's channel goes through the registry's
 * dispatch, with the sender checked to be the kiosk window's own page.
 */
export function setupElectronIpc(
  registry: IpcRegistry,
  hub: EventHub,
  target: () => WebContents | null,
  appUrl: () => string
): () => void {
  const isTrusted = (event: IpcMainInvokeEvent): boolean => {
    const contents = target()
    const frameUrl = event.senderFrame?.url ?? ''
    return contents !== null && event.sender.id === contents.id && isOwnPage(frameUrl, appUrl())
  }
  for (const verb of VERBS) {
    ipcMain.handle(channelOf(verb), (event, payload: unknown) =>
      registry.dispatch(verb, payload, {
        transport: 'electron',
        trustedSender: isTrusted(event),
        sender: `webContents#${event.sender.id}`
      })
    )
  }
  const unsubscribe = hub.subscribe((event, payload) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) contents.send(eventChannelOf(event), payload)
  })
  return () => {
    unsubscribe()
    for (const verb of VERBS) ipcMain.removeHandler(channelOf(verb))
  }
}

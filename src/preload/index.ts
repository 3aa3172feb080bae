/**
 * Sandboxed preload: exposes one named function per API verb and an event subscription, never
 * ipcRenderer itself. Payloads are validated in main, so nothing here trusts the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { BRIDGE_KEY, channelOf, EVENT_NAMES, eventChannelOf, VERB_NAMES } from '../shared/ipc/channels'

const verbs = Object.fromEntries(
  VERB_NAMES.map((verb) => [verb, (request: unknown) => ipcRenderer.invoke(channelOf(verb), request)])
)

function on(event: string, listener: (payload: unknown) => void): () => void {
  if (!(EVENT_NAMES as readonly string[]).includes(event) || typeof listener !== 'function') {
    throw new Error(`Unknown Happy House event "${String(event)}"`)
  }
  const channel = eventChannelOf(event)
  const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload)
  ipcRenderer.on(channel, wrapped)
  return () => {
    ipcRenderer.removeListener(channel, wrapped)
  }
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, { ...verbs, on })

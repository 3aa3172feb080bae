import type { MessageKey } from '../i18n/en'

/**
 * Which full-screen message covers the kiosk, if any, by priority: nothing works without the service,
 * recognition needs the models, the door needs the camera. Each one clears by itself when its cause
 * does (the service, status and camera all retry on their own).
 */

export type ScreenKind =
  | 'no-token'
  | 'disconnected'
  | 'models-missing'
  | 'models-corrupt'
  | 'engine-error'
  | 'no-camera'
  | 'denied'
  | 'unplugged'
  | 'busy'
  | 'camera-error'

export interface ScreenInput {
  missingToken: boolean
  serviceSettled: boolean
  connected: boolean
  engineState: 'idle' | 'loading' | 'ready' | 'error' | null
  engineCode: string | null
  cameraPhase: 'starting' | 'live' | 'no-camera' | 'denied' | 'unplugged' | 'busy' | 'error'
}

export function screenKind(input: ScreenInput): ScreenKind | null {
  if (input.missingToken) return 'no-token'
  if (input.serviceSettled && !input.connected) return 'disconnected'
  if (input.engineState === 'error') {
    if (input.engineCode === 'MODELS_MISSING') return 'models-missing'
    if (input.engineCode === 'MODELS_CORRUPT') return 'models-corrupt'
    return 'engine-error'
  }
  switch (input.cameraPhase) {
    case 'no-camera':
      return 'no-camera'
    case 'denied':
      return 'denied'
    case 'unplugged':
      return 'unplugged'
    case 'busy':
      return 'busy'
    case 'error':
      return 'camera-error'
    default:
      return null
  }
}

export interface ScreenText {
  icon: 'unplug' | 'cube' | 'alert' | 'cameraOff' | 'shield' | 'key'
  title: MessageKey
  body: MessageKey
  /** A command the administrator should run, shown as code. */
  command: string | null
}

export const SCREEN_TEXT: Record<ScreenKind, ScreenText> = {
  'no-token': { icon: 'key', title: 'screen.noToken.title', body: 'screen.noToken.body', command: 'npm start' },
  disconnected: { icon: 'unplug', title: 'screen.disconnected.title', body: 'screen.disconnected.body', command: null },
  'models-missing': { icon: 'cube', title: 'screen.modelsMissing.title', body: 'screen.modelsMissing.body', command: 'npm run models' },
  'models-corrupt': { icon: 'cube', title: 'screen.modelsCorrupt.title', body: 'screen.modelsCorrupt.body', command: 'npm run models' },
  'engine-error': { icon: 'alert', title: 'screen.engineError.title', body: 'screen.engineError.body', command: null },
  'no-camera': { icon: 'cameraOff', title: 'screen.noCamera.title', body: 'screen.noCamera.body', command: null },
  denied: { icon: 'shield', title: 'screen.denied.title', body: 'screen.denied.body', command: null },
  unplugged: { icon: 'cameraOff', title: 'screen.unplugged.title', body: 'screen.unplugged.body', command: null },
  busy: { icon: 'cameraOff', title: 'screen.cameraBusy.title', body: 'screen.cameraBusy.body', command: null },
  'camera-error': { icon: 'cameraOff', title: 'screen.cameraError.title', body: 'screen.cameraError.body', command: null }
}

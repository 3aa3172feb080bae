import { AccessDecider, accessConfigFromSettings } from './access'
import { AdminService } from './admin/admin-service'
import { announceSetupCode, SetupCodeFile } from './admin/setup-code'
import { adminRecordsIn, sealStoredPinVerifier } from './admin/store-records'
import { DoorController, OpenUntilFile, readOperatorFile, resolveDoorConfig } from './door'
import { createWorkerFaceEngine, type FaceEngine } from './engine'
import { setupAdmin } from './features/admin'
import { openClaimLockouts } from './features/claim-lockouts'
import { setupDoor } from './features/door'
import { openHeaders, sealStoredHeaders } from './features/door-secrets'
import { EngineHost } from './features/engine-host'
import { GalleryRef } from './features/gallery-ref'
import { setupKiosk } from './features/kiosk'
import { KIOSK_CONFIG } from './features/kiosk-config'
import { KioskService } from './features/kiosk-service'
import { setupLog } from './features/log'
import { setupResidents } from './features/residents'
import { setupSettings } from './features/settings'
import { openSetStatus, setupStatus, StatusService } from './features/status'
import { EventHub } from './ipc/event-hub'
import { IpcRegistry } from './ipc/registry'
import { createEnrollmentService, type EnrollmentService } from './residents'
import { openEncryptedStore, type KeyProvider } from './security'
import type { Store, StoreNotice } from './store'
import { processLogger } from './log/logger.mjs'

export interface MainAppOptions {
  transport: 'electron' | 'websocket'
  /** Where residents, settings and the access log live (Electron userData, or --data DIR). */
  dataDir: string
  /** Folder of the ONNX models and manifest.json (default: the repository's models/). */
  modelsDir?: string
  /**
   * Key that encrypts the residents' biometric data at rest (default: the 0600 key file
   * `<dataDir>/biometric.key`; the Electron shell passes its safeStorage-wrapped key).
   */
  keyProvider?: KeyProvider
  /**
   * Time of each camera frame's decision, epoch ms (default Date.now). Benchmarks replaying a clip
   * pass the clip's own time, so windows and time-outs follow the recording, not the CPU.
   */
  now?: () => number
  /**
   * First run needs the setup code printed on the terminal and kept in `<data>/setup-code` (the
   * kiosk's entry points turn this on; in-process harnesses leave it off).
   */
  requireSetupCode?: boolean
  /** Draws the random liveness challenge steps (default Math.random). */
  random?: () => number
  /**
   * The face engine (default: a new one on `modelsDir`, in a worker thread so that inference never
   * blocks the main thread's event loop). Test harnesses that replay the same frames in many runs
   * pass one engine, shared between apps; `createFaceEngine()` keeps it in the main thread.
   */
  engine?: FaceEngine
}

export interface MainApp {
  registry: IpcRegistry
  hub: EventHub
  status: StatusService
  store: Store
  /** What the store found at open (restored from backup, models changed...), for the user. */
  notices: readonly StoreNotice[]
  dispose(): Promise<void>
}

/**
 * The main-process application without any Electron import: both shells (Electron and the browser
 * host) build it and attach their transport to `registry` and `hub`. This is the only place where
 * features are wired together.
 */
export async function createMainApp(options: MainAppOptions): Promise<MainApp> {
  const registry = new IpcRegistry()
  const hub = new EventHub()
  const status = new StatusService(hub, options.transport)

  const engine = options.engine ?? createWorkerFaceEngine(options.modelsDir ? { modelsDir: options.modelsDir } : {})
  const store = await openEncryptedStore(options.dataDir, { activeModelId: engine.modelId, keyProvider: options.keyProvider })
  for (const notice of store.notices) processLogger('store')[notice.severity === 'warning' ? 'warn' : notice.severity](notice.message)

  const settings = store.settings.get()
  const engineHost = new EngineHost(engine, status)
  const gallery = new GalleryRef(store)
  const openUntil = new OpenUntilFile(store.dataDir)
  const leftOpenUntil = await openUntil.load()
  const operator = (): ReturnType<typeof readOperatorFile> => readOperatorFile(store.dataDir)
  const declared = await operator()
  if (declared.problem) processLogger('door').warn(declared.problem)
  if (await sealStoredHeaders(store.settings, store.secrets)) processLogger('door').info('the webhook headers are now stored sealed with the biometric key')
  const door = DoorController.fromConfig(await resolveDoorConfig(store.settings.get(), declared, (h) => openHeaders(store.secrets, h)), undefined, openUntil)
  const nameOf = (id: string): string | null => store.residents.list().find((r) => r.id === id)?.name ?? null
  const claimLockouts = await openClaimLockouts(store.dataDir)
  const decider: AccessDecider = new AccessDecider({
    lockouts: claimLockouts,
    config: accessConfigFromSettings(settings),
    thresholds: engine.thresholds,
    livenessCalibration: engine.livenessCalibration,
    random: options.random,
    nameOf: (id) => nameOf(id) ?? 'resident',
    // A track's fused probe is matched against the gallery in force when the decision is made.
    matcher: {
      identify: (probe) => gallery.gallery.identify(probe, decider.activeThreshold),
      distanceTo: (probe, residentId) => gallery.gallery.verify(probe, residentId, decider.activeThreshold).distance
    }
  })
  if (await sealStoredPinVerifier(store.settings, store.secrets)) processLogger('admin').info('the administrator PIN verifier is now sealed with the biometric key')
  const setupCode = options.requireSetupCode ? new SetupCodeFile(store.dataDir) : null
  if (setupCode && store.settings.get().admin.pinHash === null) {
    const code = await setupCode.ensure()
    announceSetupCode(code, setupCode.path, 'First run')
  }
  const admin = new AdminService(adminRecordsIn(store.settings, store.secrets), undefined, undefined, (entry) => store.events.appendAudit(entry), setupCode)
  const kiosk = new KioskService({ engine: engineHost, gallery, decider, door, store, hub, now: options.now })

  let enrollment: EnrollmentService | null = null
  const enrollmentService = (): EnrollmentService => (enrollment ??= createEnrollmentService({ store, engine: engineHost.ready() }))

  const kioskConfigChanged = (): void => hub.emit('kioskConfig', kiosk.config())
  // A stranger is compared with every resident's template: the threshold in force follows their number.
  const galleryChanged = (): void => {
    decider.setGallerySize(gallery.mix)
    status.update({ residents: store.residents.list().length, openSet: openSetStatus(decider, gallery.gallery.residents.length, gallery.photos.size) })
  }
  const residentsChanged = (): void => {
    gallery.refresh()
    // Frames matched against the old gallery (a resident deleted or renamed in view) no longer count.
    decider.reset()
    galleryChanged()
    kioskConfigChanged()
  }

  setupStatus(registry, status)
  setupKiosk(registry, kiosk)
  setupAdmin(registry, admin)
  setupResidents(registry, { admin, store, enrollment: enrollmentService, changed: residentsChanged })
  setupLog(registry, { admin, store })
  setupSettings(registry, { admin, store, door, decider, changed: kioskConfigChanged, operator })
  const stopDoorEvents = setupDoor(door, hub, status, nameOf)
  // The kiosk starts with the door locked, whatever it was left in (see OpenUntilFile).
  if (leftOpenUntil !== null) processLogger('door').warn(`the kiosk stopped while the door was open (until ${new Date(leftOpenUntil).toISOString()}): relocking`)
  const startLock = await door.lockAtStartup()
  if (startLock && !startLock.ok) processLogger('door').warn(`the door could not be locked at start-up: ${startLock.reason ?? 'driver error'} (retrying)`)

  galleryChanged()
  status.update({ residents: store.residents.list().length, auditLog: store.auditLog })
  if (!store.auditLog.intact) processLogger('audit').error(`${store.auditLog.message}`)
  void engineHost.start()
  const ticker = setInterval(() => kiosk.tick(), KIOSK_CONFIG.tickMs)
  ticker.unref()

  return {
    registry,
    hub,
    status,
    store,
    notices: store.notices,
    async dispose() {
      clearInterval(ticker)
      stopDoorEvents()
      await door.dispose()
      await engineHost.dispose()
      await claimLockouts.flush()
      await store.close()
    }
  }
}

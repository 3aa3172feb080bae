import { z } from 'zod'
import { StateFile } from '../store/state-file'
import type { OpenUntilStore } from './controller'

export const OPEN_UNTIL_FILE = 'door-state.json'

const openUntilSchema = z.object({ openUntil: z.number().finite().nullable() })

/**
 * "Open until" kept in `<data>/door-state.json`: when the kiosk stops while the door is open (a
 * crash, a power cut), the next start knows it and relocks at once.
 */
export class OpenUntilFile implements OpenUntilStore {
  private readonly file: StateFile<z.infer<typeof openUntilSchema>>

  constructor(dataDir: string) {
    this.file = new StateFile(dataDir, OPEN_UNTIL_FILE, openUntilSchema)
  }

  get path(): string {
    return this.file.path
  }

  /** The recorded time (epoch ms), or null when the door was left locked or nothing is recorded. */
  async load(): Promise<number | null> {
    return (await this.file.load())?.openUntil ?? null
  }

  save(openUntil: number | null): Promise<void> {
    return this.file.save({ openUntil })
  }
}

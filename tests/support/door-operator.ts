import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What an operator writes in `<data>/door-commands.json` (0600, as a careful operator would). */
export interface OperatorFile {
  commands?: Record<string, { open: { program: string; args?: string[] }; lock?: { program: string; args?: string[] }; test?: { program: string; args?: string[] }; timeoutMs?: number }>
  webhookUrlPrefixes?: string[]
}

export async function writeOperatorFile(dataDir: string, content: OperatorFile, mode = 0o600): Promise<string> {
  const path = join(dataDir, 'door-commands.json')
  await writeFile(path, JSON.stringify(content, null, 2), { mode })
  return path
}

/** Allows webhooks to the origins of `urls` (test servers on 127.0.0.1 are loopback: refused unless listed). */
export function allowWebhooks(dataDir: string, ...urls: string[]): Promise<string> {
  return writeOperatorFile(dataDir, { webhookUrlPrefixes: urls.map((u) => `${new URL(u).origin}/`) })
}

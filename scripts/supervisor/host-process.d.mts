export const HOST_ADDRESS: string
export const HEALTH_PATH: string
export function freePort(): Promise<number>
export function checkHealth(port: number, timeoutMs: number): Promise<boolean>

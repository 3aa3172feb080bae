export const ICON_SIZES: readonly number[]
export function renderIcons(svgPath?: string, dir?: string): Promise<string[]>

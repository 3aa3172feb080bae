import { expect, type Page } from '@playwright/test'

/**
 * Layout checks run in the browser on the screen as shown: what a person would see wrong at a given
 * screen size, in the words of a bug report.
 */

export const SCREEN_SIZES = [
  { width: 800, height: 480 },
  { width: 1024, height: 600 },
  { width: 1280, height: 720 },
  { width: 1280, height: 800 },
  { width: 1080, height: 1920 }
] as const

export type ScreenSize = (typeof SCREEN_SIZES)[number]

export const sizeLabel = (size: ScreenSize): string => `${size.width}x${size.height}`

/**
 * Every problem found, one line each (empty when the screen is right):
 * - an interactive element outside the viewport, even after scrolling the containers that scroll;
 * - an interactive element covered by another element (hit-tested at a few points inside it);
 * - text wider than its box (scrollWidth > clientWidth): cut off or spilling out;
 * - the door banner (or the claim panel) over a detected face box.
 * `root` limits the interactive elements to the screen on top (the admin screens hide the door's).
 */
export async function layoutProblems(page: Page, root: string): Promise<string[]> {
  return page.evaluate((rootSelector) => {
    const problems: string[] = []
    const vw = window.innerWidth
    const vh = window.innerHeight
    const describe = (el: Element): string => {
      const id = el.getAttribute('data-testid')
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${text ? ` "${text}"` : ''}`
    }
    const shown = (el: Element): boolean => {
      const style = getComputedStyle(el)
      const rect = el.getBoundingClientRect()
      return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0.05 && rect.width > 2 && rect.height > 2
    }
    const scrollsY = (el: Element): boolean => /(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight
    const scrollsX = (el: Element): boolean => /(auto|scroll)/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth

    /** Scrolls only the containers a person can scroll (overflow auto/scroll) to bring el into view. */
    const reveal = (el: Element): void => {
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        if (!scrollsY(parent) && !scrollsX(parent)) continue
        // Centred in the container, as a person scrolls to what they want to touch (not left under a
        // sticky footer at the container's edge).
        const r = el.getBoundingClientRect()
        const p = parent.getBoundingClientRect()
        if (scrollsY(parent)) parent.scrollTop += (r.top + r.bottom) / 2 - (p.top + p.bottom) / 2
        if (scrollsX(parent)) parent.scrollLeft += (r.left + r.right) / 2 - (p.left + p.right) / 2
      }
    }

    const root = document.querySelector(rootSelector)
    if (!root) return [`no ${rootSelector} on screen`]
    // A modal dialog on top makes everything under it unreachable on purpose: check the top one only.
    const modals = [...document.querySelectorAll('[aria-modal="true"]')].filter(shown)
    const onTop = (m: Element): boolean => {
      const r = m.getBoundingClientRect()
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      return hit !== null && m.contains(hit)
    }
    const modal = modals.filter(onTop).at(-1) ?? modals.at(-1)
    const scope = modal ?? root
    const interactive = [...scope.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="tab"]')].filter(shown)
    for (const el of interactive) {
      reveal(el)
      const r = el.getBoundingClientRect()
      if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) {
        problems.push(`outside the screen: ${describe(el)} at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`)
        continue
      }
      // Covered: another element receives the pointer at a point inside this one.
      for (const [fx, fy] of [
        [0.5, 0.5],
        [0.25, 0.3],
        [0.75, 0.7]
      ] as const) {
        const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy)
        if (hit && hit !== el && !el.contains(hit) && !hit.contains(el) && !(el.id && hit.closest(`label[for="${el.id}"]`))) {
          problems.push(`covered: ${describe(el)} by ${describe(hit)}`)
          break
        }
      }
    }

    // Text: any shown element with its own text whose content is wider than its box.
    for (const el of document.querySelectorAll('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')
      if (!ownText || !shown(el) || el.clientWidth === 0) continue
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`text cut off: ${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`)
    }

    // The door's messages never hide the face being judged.
    const faces = [...document.querySelectorAll('[data-testid="face-box"]')].map((f) => f.getBoundingClientRect())
    for (const cardId of ['door-banner', 'claim-panel', 'claim-active', 'setup-hint']) {
      const card = document.querySelector(`[data-testid="${cardId}"]`)
      if (!card || !shown(card)) continue
      const c = card.getBoundingClientRect()
      for (const f of faces) {
        const overlap = Math.max(0, Math.min(c.right, f.right) - Math.max(c.left, f.left)) * Math.max(0, Math.min(c.bottom, f.bottom) - Math.max(c.top, f.top))
        if (overlap > 0) problems.push(`${cardId} covers the face box (${Math.round((100 * overlap) / (f.width * f.height))} % of it)`)
      }
    }
    // Leave the scrollable containers at their start for the screenshot.
    for (const el of document.querySelectorAll('*')) if (el.scrollTop || el.scrollLeft) el.scrollTo(0, 0)
    return problems
  }, root)
}

/**
 * Shows the current screen at every size: checks its layout (polled, so a transition or a late
 * reflow on a busy machine settles first) and keeps a screenshot of each size under test-results/.
 */
export async function checkAtEverySize(page: Page, name: string, outputDir: string, root: string): Promise<void> {
  const original = page.viewportSize()
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size)
    const path = `${outputDir}/${name}-${sizeLabel(size)}.png`
    try {
      await expect
        .poll(() => layoutProblems(page, root), { message: `${name} at ${sizeLabel(size)}`, timeout: 15_000 })
        .toEqual([])
    } finally {
      // Kept either way: a failure is understood by looking at it.
      await page.screenshot({ path })
    }
  }
  if (original) await page.setViewportSize(original)
}

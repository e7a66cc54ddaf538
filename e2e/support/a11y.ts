import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** The little of the DOM's Web Animations API used here (the e2e code is compiled without the DOM's types). */
interface RunningAnimation {
  playState: string
  effect: { getComputedTiming(): { iterations?: number } } | null
}

/**
 * Until no finite CSS animation or transition is running (a toast fading in, a dialog opening), at
 * most `timeoutMs`: mid-fade an element's opacity lowers its computed contrast, and axe would report
 * a colour-contrast failure the settled screen does not have. Endless ones (a loader's spin) are not
 * waited for.
 */
export async function settleAnimations(page: Page, timeoutMs = 5_000): Promise<void> {
  await page
    .waitForFunction(
      () =>
        (globalThis as unknown as { document: { getAnimations(): RunningAnimation[] } }).document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout: timeoutMs, polling: 50 }
    )
    .catch(() => undefined) // still moving after that: analysed as it stands, and any failure reported
}

/** axe-core, WCAG 2.1 A and AA: no serious or critical violations (the workstation's screens). */
export async function expectAccessible(page: Page): Promise<void> {
  const analyse = async (): Promise<string[]> => {
    await settleAnimations(page)
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ') ?? ''}`)
  }
  let bad = await analyse()
  // A toast that began to fade in during the analysis (the citizen simulator's arrivals come at any
  // moment): once more, on the settled screen. A real violation is there both times.
  if (bad.length > 0) bad = await analyse()
  expect(bad).toEqual([])
}

import type { Page } from "./browser.ts";

/** The widths the console is checked and pictured at: a desktop, a small laptop or tablet, a phone. */
export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  laptop: { width: 1024, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Visible elements that stick out past the viewport's right edge, described as `tag.class (right=…)`.
 * An element inside a box that scrolls sideways and itself fits (a wide table in its card) is fine:
 * it is reached by scrolling that box, not the page.
 */
export function overflowingElements(page: Page): Promise<string[]> {
  // No named functions inside: tsx (the screenshot script) would wrap them in a helper the page lacks.
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
      let scroller: Element | null = el.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX))
        scroller = scroller.parentElement;
      if (scroller && scroller.getBoundingClientRect().right <= width + 0.5) continue;
      const cls = typeof el.className === "string" ? el.className.split(/\s+/).slice(0, 4).join(".") : "";
      found.push(`${el.tagName.toLowerCase()}.${cls} (right=${Math.round(box.right)})`);
    }
    if (document.documentElement.scrollWidth > width)
      found.push(`document (scrollWidth=${document.documentElement.scrollWidth})`);
    return found;
  });
}

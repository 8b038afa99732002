import type { Page } from "playwright-core";

/** One visible run of text, as the page renders it. */
export type TextReading = { text: string; fontPx: number; contrast: number; selector: string };

/**
 * Every visible text node of the page (inside the viewport and not clipped away by an ancestor
 * with hidden overflow), with its computed font size and its contrast ratio (WCAG 2) against
 * the background actually behind it (ancestors' backgrounds composited, opacity applied).
 */
export function readVisibleText(page: Page): Promise<TextReading[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba | null => {
      const match = /rgba?\(([^)]+)\)/.exec(value);
      if (!match?.[1]) return null;
      const parts = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour && colour[3] > 0) {
          layers.push(colour);
          if (colour[3] >= 1) break;
        }
      }
      let result: Rgba = parse(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const opacity = (element: Element) => {
      let value = 1;
      for (let node: Element | null = element; node; node = node.parentElement) value *= Number(getComputedStyle(node).opacity);
      return value;
    };
    const clippedAway = (element: Element, rect: DOMRect) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const box = node.getBoundingClientRect();
        if (rect.right <= box.left + 1 || rect.left >= box.right - 1 || rect.bottom <= box.top + 1 || rect.top >= box.bottom - 1)
          return true;
      }
      return false;
    };
    const describe = (element: Element) => {
      const parts: string[] = [];
      for (let node: Element | null = element; node && parts.length < 3; node = node.parentElement) {
        const id = node.getAttribute("data-testid");
        const cls = typeof node.className === "string" ? node.className.split(" ")[0] : "";
        parts.unshift(`${node.tagName.toLowerCase()}${id ? `[${id}]` : cls ? `.${cls}` : ""}`);
      }
      return parts.join(" > ");
    };

    const readings: TextReading[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.textContent?.trim() ?? "";
      const element = node.parentElement;
      if (!text || !element) continue;
      const style = getComputedStyle(element);
      if (style.visibility !== "visible" || style.display === "none") continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      if (rect.bottom <= 0 || rect.right <= 0 || rect.top >= window.innerHeight || rect.left >= window.innerWidth) continue;
      if (clippedAway(element, rect)) continue;
      const alpha = opacity(element);
      if (alpha < 0.05) continue;
      const isSvg = element instanceof SVGElement;
      const ink = parse(isSvg ? style.fill : style.color) ?? [0, 0, 0, 1];
      const behind = background(element);
      const shown = over([ink[0], ink[1], ink[2], ink[3] * alpha], behind);
      const [light, dark] = [luminance(shown), luminance(behind)].sort((a, b) => b - a) as [number, number];
      readings.push({
        text: text.slice(0, 40),
        fontPx: Number.parseFloat(style.fontSize),
        contrast: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100,
        selector: describe(element),
      });
    }
    return readings;
  });
}

/** True when the page itself scrolls sideways (a wide table inside its own scroller does not count). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth > window.innerWidth + 1);
}

/** Charts (and their axis labels) that stick out of their panel. */
export function chartsOutsidePanels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const panel of document.querySelectorAll(".chart-panel")) {
      const box = panel.getBoundingClientRect();
      const name = panel.getAttribute("data-testid") ?? "chart";
      for (const part of panel.querySelectorAll(".recharts-wrapper, .recharts-cartesian-axis-tick-value")) {
        const rect = part.getBoundingClientRect();
        if (rect.width === 0) continue;
        // A tick label must sit inside the drawing (the SVG clips what is outside), the drawing inside the panel.
        const frame = part.classList.contains("recharts-wrapper") ? box : (part.closest("svg")?.getBoundingClientRect() ?? box);
        if (rect.left < frame.left - 1 || rect.right > frame.right + 1 || rect.top < frame.top - 1 || rect.bottom > frame.bottom + 1) {
          problems.push(`${name}: "${part.textContent?.slice(0, 20) ?? ""}" at ${Math.round(rect.left)},${Math.round(rect.top)}`);
        }
      }
    }
    return problems;
  });
}

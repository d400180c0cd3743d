/**
 * Keyboard access to boxes that scroll (a `.table-wrap`, a `.card` too wide for a phone, or
 * any element marked `data-scroll-region`). A box whose content is wider than it is (or, set
 * to scroll down, taller) gets `tabindex="0"`, so arrow keys scroll it, and `role="region"`
 * with a name, so a screen reader says what it is; a box that fits gets neither, so wide
 * screens carry no extra tab stop. Attached once, to the layout's <main>, it follows every
 * page: boxes come and go with navigation and data.
 */

const SELECTOR = '.table-wrap, .card, [data-scroll-region]';

/**
 * The box's name: its own label if it has one, else its table's caption, else the heading of
 * its section with "(table)" after it, so that it differs from the section, which a screen
 * reader may already announce as a region by that heading.
 */
export function regionName(box: HTMLElement): string {
  const own = box.dataset.scrollRegion;
  if (own) return own;
  const caption = box.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const heading = box
    .closest('section, article, details, form, main')
    ?.querySelector('h1, h2, h3, h4, summary')
    ?.textContent?.trim();
  return heading ? `${heading} (table)` : 'Table';
}

/** Whether the box has content to scroll to: sideways, or down where it is set to scroll (a list with a maximum height). */
function scrolls(box: HTMLElement): boolean {
  // One pixel of slack: sub-pixel widths round up to a scroll size one larger than the box.
  if (box.scrollWidth > box.clientWidth + 1) return true;
  const y = getComputedStyle(box).overflowY;
  return (y === 'auto' || y === 'scroll') && box.scrollHeight > box.clientHeight + 1;
}

/** Applies or removes the tab stop and region role after the box's size or content changed. */
export function markScrollRegion(box: HTMLElement): void {
  // The attributes this module added, so that taking them away never removes the page's own.
  const added = box.dataset.scrollAdded?.split(' ').filter(Boolean) ?? [];
  if (scrolls(box)) {
    const wanted: [string, string | null][] = [
      ['tabindex', '0'],
      ['role', 'region'],
      // A box already named by its heading (aria-labelledby) keeps that name.
      ['aria-label', box.hasAttribute('aria-labelledby') ? null : regionName(box)],
    ];
    for (const [attr, value] of wanted) {
      if (value === null || (box.hasAttribute(attr) && !added.includes(attr))) continue;
      if (box.getAttribute(attr) !== value) box.setAttribute(attr, value);
      if (!added.includes(attr)) added.push(attr);
    }
  } else {
    for (const attr of added) box.removeAttribute(attr);
    added.length = 0;
  }
  if (added.length) box.dataset.scrollAdded = added.join(' ');
  else delete box.dataset.scrollAdded;
}

/** Svelte attachment: watches `root` for scroll boxes and keeps each one marked while it exists. */
export function scrollRegions(root: HTMLElement): () => void {
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) {
      const box = (e.target as HTMLElement).closest<HTMLElement>(SELECTOR);
      if (box) markScrollRegion(box);
    }
  });
  const watched = new WeakSet<Element>();
  const scan = () => {
    for (const box of root.querySelectorAll<HTMLElement>(SELECTOR)) {
      // The content too: a table that gains rows changes scrollWidth, not the box's size.
      for (const el of [box, box.firstElementChild]) {
        if (el && !watched.has(el)) {
          watched.add(el);
          sizes.observe(el);
        }
      }
      markScrollRegion(box);
    }
  };
  // At most one scan a frame: brushing a chart changes the DOM many times a second, and each
  // scan reads layout. Only child-list changes count, so our own attributes cause no rescan.
  let frame = 0;
  const changes = new MutationObserver(() => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      scan();
    });
  });
  changes.observe(root, { childList: true, subtree: true });
  scan();
  return () => {
    cancelAnimationFrame(frame);
    changes.disconnect();
    sizes.disconnect();
  };
}

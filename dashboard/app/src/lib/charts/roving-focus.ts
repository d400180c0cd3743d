/**
 * One tab stop for a chart of many links (a column per week, a band per route): Tab enters
 * the chart at one link and leaves it with the next Tab; the arrow keys, Home and End move
 * between its links, and Enter opens one. The chart's last-focused link is the way back in.
 * Without this, the overview's week columns and routing bands were over 200 tab stops
 * between the headline figures and the tables below them.
 */

/** The index the key moves focus to, or null for a key this does not handle. Stops at the ends. */
export function nextIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(current + 1, count - 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Svelte attachment for a chart's HTML container (its <figure>): its `a[href]` links share one
 * tab stop. Not on the <svg>: Chromium makes an SVG element with focus listeners a tab stop itself.
 */
export function rovingFocus(container: Element): () => void {
  let active = 0;
  const links = () => [...container.querySelectorAll<HTMLElement | SVGElement>('a[href]')];
  const sync = () => {
    const list = links();
    active = Math.min(active, Math.max(list.length - 1, 0));
    list.forEach((el, i) => el.setAttribute('tabindex', i === active ? '0' : '-1'));
  };
  const onKey = (e: Event) => {
    const list = links();
    const at = list.indexOf(e.target as HTMLElement);
    const to = at < 0 ? null : nextIndex((e as KeyboardEvent).key, at, list.length);
    if (to === null) return;
    e.preventDefault(); // the arrows would scroll the page as well
    active = to;
    sync();
    list[to]!.focus();
  };
  const onFocus = (e: Event) => {
    const at = links().indexOf(e.target as HTMLElement);
    if (at >= 0 && at !== active) {
      active = at;
      sync();
    }
  };
  // Links come and go with the data (a new filter, week or month); tabindex changes are ours and not watched.
  const changes = new MutationObserver(sync);
  changes.observe(container, { childList: true, subtree: true });
  container.addEventListener('keydown', onKey);
  container.addEventListener('focusin', onFocus);
  sync();
  return () => {
    changes.disconnect();
    container.removeEventListener('keydown', onKey);
    container.removeEventListener('focusin', onFocus);
  };
}

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { markScrollRegion, regionName } from './scroll-regions';

/** happy-dom lays nothing out: the widths a browser would measure are given by hand. */
function box(html: string, scrollWidth: number, clientWidth: number): HTMLElement {
  document.body.innerHTML = html;
  const el = document.querySelector<HTMLElement>('.table-wrap, .card')!;
  Object.defineProperty(el, 'scrollWidth', { configurable: true, get: () => scrollWidth });
  Object.defineProperty(el, 'clientWidth', { configurable: true, get: () => clientWidth });
  return el;
}
const attrs = (el: HTMLElement) =>
  Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));

describe('scroll regions', () => {
  it('a table wider than its box becomes a named tab stop, named by its caption', () => {
    const el = box(
      '<div class="table-wrap"><table><caption>Tickets by department</caption></table></div>',
      600,
      358,
    );
    markScrollRegion(el);
    expect(attrs(el)).toEqual({
      class: 'table-wrap',
      tabindex: '0',
      role: 'region',
      'aria-label': 'Tickets by department',
      'data-scroll-added': 'tabindex role aria-label',
    });
  });

  it('a box that fits, or overflows by the one pixel of rounding, gets nothing', () => {
    const el = box('<div class="table-wrap"><table></table></div>', 359, 358);
    markScrollRegion(el);
    expect(attrs(el)).toEqual({ class: 'table-wrap' });
  });

  it('takes its attributes away when the box fits again, and only those it added', () => {
    const el = box(
      '<section class="card" aria-labelledby="h" role="region"><h2 id="h">Flows</h2><table></table></section>',
      500,
      358,
    );
    markScrollRegion(el);
    expect(attrs(el)).toEqual({
      class: 'card',
      'aria-labelledby': 'h',
      role: 'region',
      tabindex: '0',
      'data-scroll-added': 'tabindex',
    });
    Object.defineProperty(el, 'scrollWidth', { configurable: true, get: () => 358 });
    markScrollRegion(el);
    expect(attrs(el)).toEqual({ class: 'card', 'aria-labelledby': 'h', role: 'region' });
  });

  it('a list set to scroll down counts when it is taller than its box', () => {
    const el = box(
      '<div class="table-wrap" style="overflow-y: auto"><table><caption>Declared owners</caption></table></div>',
      358,
      358,
    );
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => 900 });
    Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => 448 });
    markScrollRegion(el);
    expect(el.getAttribute('tabindex')).toBe('0');
    el.style.overflowY = 'visible';
    markScrollRegion(el);
    expect(el.getAttribute('tabindex')).toBe(null);
  });

  it('is named by its own label, else its caption, else the heading of its section', () => {
    expect(
      regionName(
        box(
          '<div class="table-wrap" data-scroll-region="By month"><table><caption>x</caption></table></div>',
          0,
          0,
        ),
      ),
    ).toBe('By month');
    expect(
      regionName(
        box(
          '<section><h2>Ownership gaps</h2><div class="table-wrap"><table></table></div></section>',
          0,
          0,
        ),
      ),
    ).toBe('Ownership gaps (table)');
    expect(regionName(box('<div class="table-wrap"><table></table></div>', 0, 0))).toBe('Table');
  });
});

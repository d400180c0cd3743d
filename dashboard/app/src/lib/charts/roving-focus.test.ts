// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextIndex, rovingFocus } from './roving-focus';

describe('nextIndex', () => {
  it('moves one link on for right and down, one back for left and up, and stops at the ends', () => {
    expect([
      nextIndex('ArrowRight', 2, 5),
      nextIndex('ArrowDown', 2, 5),
      nextIndex('ArrowLeft', 2, 5),
      nextIndex('ArrowUp', 2, 5),
    ]).toEqual([3, 3, 1, 1]);
    expect([nextIndex('ArrowRight', 4, 5), nextIndex('ArrowLeft', 0, 5)]).toEqual([4, 0]);
  });
  it('goes to the first and last link with Home and End, and leaves other keys alone', () => {
    expect([
      nextIndex('Home', 3, 5),
      nextIndex('End', 1, 5),
      nextIndex('Enter', 1, 5),
      nextIndex('Tab', 1, 5),
      nextIndex('End', 0, 0),
    ]).toEqual([0, 4, null, null, null]);
  });
});

describe('rovingFocus', () => {
  const tabindexes = (root: Element) =>
    [...root.querySelectorAll('a')].map((a) => a.getAttribute('tabindex'));

  it('leaves one link in the tab order and moves it with the arrow keys', () => {
    document.body.innerHTML =
      '<div id="chart"><a href="/a">a</a><a>withheld</a><a href="/b">b</a><a href="/c">c</a></div>';
    const chart = document.getElementById('chart')!;
    const stop = rovingFocus(chart);
    // The link without href is not focusable and is left out.
    expect(tabindexes(chart)).toEqual(['0', null, '-1', '-1']);
    const first = chart.querySelector<HTMLElement>('a[href="/a"]')!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement?.getAttribute('href')).toBe('/c');
    expect(tabindexes(chart)).toEqual(['-1', null, '-1', '0']);
    document.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }),
    );
    expect(document.activeElement?.getAttribute('href')).toBe('/b');
    expect(tabindexes(chart)).toEqual(['-1', null, '0', '-1']);
    stop();
  });
});

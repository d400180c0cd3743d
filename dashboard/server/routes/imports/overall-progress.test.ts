import { describe, expect, it } from 'vitest';
import { overallPercent } from './overall-progress.ts';

describe('overallPercent', () => {
  it('keeps going forward when staging at 33 % gives way to writing at 0 %', () => {
    // Staging spans 5-50: 5 + 45 x 0.33 = 19.85, shown as 19.9.
    const staging = overallPercent(null, { phase: 'staging', percent: 33 });
    expect(staging).toBe(19.9);
    // Writing starts at 50, and its own 0 % no longer drags the bar back to 0.
    expect(overallPercent(staging, { phase: 'writing', percent: 0 })).toBe(50);
    expect(overallPercent(50, { phase: 'writing', percent: 50 })).toBe(70);
  });

  it('never goes back when a second statement of the same phase starts again at 0 %', () => {
    expect(overallPercent(70, { phase: 'writing', percent: 10 })).toBe(70);
  });

  it('shows a phase without an estimate at its start, and done at 100', () => {
    expect(overallPercent(null, { phase: 'reading', percent: null })).toBe(0);
    expect(overallPercent(0, { phase: 'figures', percent: null })).toBe(92);
    expect(overallPercent(92, { phase: 'done', percent: 100 })).toBe(100);
  });

  it('reads an estimate outside 0-100 as its nearest end', () => {
    expect(overallPercent(null, { phase: 'staging', percent: 140 })).toBe(50);
    expect(overallPercent(null, { phase: 'staging', percent: -1 })).toBe(5);
  });
});

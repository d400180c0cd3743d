import { describe, expect, it } from 'vitest';
import { importPhases } from '../../bench/import-phases.ts';
import { targetsTable } from '../../bench/targets.ts';

describe("the bench's record of where an ingest's time went", () => {
  it("reads the CLI summary's time line", () => {
    const stderr = [
      'events.csv: succeeded (import 1), source generic, connector generic: columns named like ticket_id',
      '  rows read 5469550, tickets 1000000 (1000000 new), events 5469444, rows rejected 0',
      '  time: reading 4.1 s, staging 21.3 s, writing 25.4 s, committing 3.7 s, figures 15.2 s',
    ].join('\n');
    expect(importPhases(stderr)).toEqual({ reading: 4.1, staging: 21.3, writing: 25.4, committing: 3.7, figures: 15.2 });
    expect(importPhases('no summary')).toEqual({});
  });

  it('points a missed target at its cause', () => {
    const table = targetsTable([
      { target: 'ingest <= 2x DuckDB read_csv', measured: '86.6 s vs 15.8 s = 5.5x', met: false },
      { target: 'full report < 3 s', measured: '1.34 s', met: true },
    ]);
    expect(table.split('\n').slice(2)).toEqual([
      '| ingest <= 2x DuckDB read_csv | 86.6 s vs 15.8 s = 5.5x | NOT met (why: docs/scaling.md, "What still costs the most") |',
      '| full report < 3 s | 1.34 s | met |',
    ]);
  });
});

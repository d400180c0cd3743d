/**
 * `switchboard pull --every`: pulls again after the interval, reading only what changed in
 * between, and stops cleanly on SIGTERM while it waits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseDuration, parseSince } from '#cli/commands/pull.ts';
import { startFakeZendesk, ZD_ENV } from './fake-zendesk.ts';
import type { VendorFake } from './contract.ts';
import { runCli, tempDb, withDb } from './helpers.ts';

let fake: VendorFake | undefined;
afterEach(async () => fake?.close());

describe('pull --every', () => {
  it('reads durations and dates strictly', () => {
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(() => parseDuration('1.5h')).toThrow(/--every must look like/);
    expect(parseSince('2026-01-31').toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseSince('2026-01-31T08:00:00-06:00').toISOString()).toBe('2026-01-31T14:00:00.000Z');
    expect(() => parseSince('2026-02-30')).toThrow(/--since must be a date/);
    expect(() => parseSince('2026-01-31 08:00')).toThrow(/with its offset/);
  });

  it('pulls again after the interval and stops on SIGTERM', async () => {
    fake = await startFakeZendesk(8);
    const db = tempDb();
    const run = runCli(['pull', 'zendesk', '--url', fake.url, '--since', '2026-01-01', '--db', db, '--every', '1s'], ZD_ENV);
    await run.waitFor('next pull in 1s');
    fake.change();
    await run.waitFor('resuming from the saved cursor');
    // The second pull has finished when its own "next pull" line is out.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (run.output().split('next pull in 1s').length > 2) resolve();
      };
      run.child.stderr!.on('data', check);
      check();
    });
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
    expect(run.output().split('resuming from the saved cursor')[1]).toContain('page 1 committed: 2 tickets');
    await withDb(db, async (h) => {
      const runs = await h.all<{ status: string; tickets: number }>('SELECT status, tickets::INTEGER AS tickets FROM sync_runs ORDER BY run_id');
      expect(runs).toEqual([{ status: 'succeeded', tickets: 8 }, { status: 'succeeded', tickets: 2 }]);
    });
  });
});

/**
 * A ServiceNow incident list's date format, chosen on its first 20,000 rows
 * (kit/read-export.ts's DATE_SAMPLE_ROWS), with the deciding value just after them. The
 * files are written by a factory: 20,000 alike rows and then the row under test, which is
 * the file's row 20,002 (the header is row 1). Chicago is on daylight time (UTC-5) in April.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stageServiceNowFiles } from '#connectors/servicenow/stage-servicenow.ts';
import { DATE_SAMPLE_ROWS } from '#connectors/kit/read-export.ts';
import type { Database } from '#core/db/database.ts';
import { eventsOf, ingestWith, ticketOf } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sn-date-sample-'));
let db: Database | undefined;
afterEach(() => db?.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** incidents.csv: DATE_SAMPLE_ROWS incidents opened at `sampled`, then INC_LAST opened at `last`. */
function incidents(sampled: string, last: string): { filePath: string; fileName: string } {
  const lines = ['number,assignment_group,reassignment_count,opened_at'];
  for (let i = 1; i <= DATE_SAMPLE_ROWS; i++) lines.push(`INC${String(i).padStart(6, '0')},Service Desk,0,${sampled}`);
  lines.push(`INC_LAST,Payroll,0,${last}`);
  const filePath = join(dir, `incidents-${lines.length}-${last.replace(/\W/g, '')}.csv`);
  writeFileSync(filePath, lines.join('\n') + '\n');
  return { filePath, fileName: 'incidents.csv' };
}

const stage = (file: { filePath: string; fileName: string }) =>
  ingestWith((tx) => stageServiceNowFiles(tx, [file], { districtTimeZone: 'America/Chicago' }));

describe('ServiceNow date format from the first 20,000 rows', () => {
  it('rejects a value after an all-ISO sample with the row, column and format', async () => {
    const run = await stage(incidents('2024-04-03 09:00:00', 'yesterday'));
    db = run.db;
    expect(run.rejects).toEqual([
      {
        row: 20_002, column_name: 'opened_at', value: 'yesterday',
        reason: 'incidents.csv row 20002: not a date and time in the format ISO 8601 (2024-08-19 14:05:00): correct it, or set dateFormat',
      },
    ]);
    expect(run.staged.notes).toContain("incidents.csv: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected");
    expect((await ticketOf(db, 'INC000001')).created).toBe('2024-04-03T14:00:00Z');
  });

  it('reads 03/04/2024 as 3 April when a later row has 13/04/2024', async () => {
    const run = await stage(incidents('03/04/2024 09:00', '13/04/2024 09:00'));
    db = run.db;
    expect(run.rejects).toEqual([]);
    expect(run.staged.notes).toContain("incidents.csv: dates values parse as '%d/%m/%Y %H:%M'");
    expect(await eventsOf(db, 'INC000001')).toEqual([
      { at: '2024-04-03T14:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
    ]);
    expect(await eventsOf(db, 'INC_LAST')).toEqual([
      { at: '2024-04-13T14:00:00Z', kind: 'assignment', group_after: 'Payroll', automated: false, detail: null },
    ]);
  });

  it('reads an all-ISO file without rejects', async () => {
    const run = await stage(incidents('2024-04-03T14:00:00Z', '2024-04-04 09:30:00'));
    db = run.db;
    expect(run.rejects).toEqual([]);
    expect(run.staged.notes).toContain("incidents.csv: dates values parse as 'iso'");
    expect((await ticketOf(db, 'INC000001')).created).toBe('2024-04-03T14:00:00Z');
    expect((await ticketOf(db, 'INC_LAST')).created).toBe('2024-04-04T14:30:00Z');
  });
});

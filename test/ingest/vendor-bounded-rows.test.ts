/**
 * A vendor connector may declare `stagesBoundedRows` (ServiceNow does): the ingest then writes its staged
 * rows with the bounded statements (tickets from row numbers, events' seq from a sort,
 * keyed by each staged row's `_key`). Those must store exactly what the plain statements
 * store: the synthetic district in every vendor's format, loaded both ways, gives the same
 * tickets and events, row for row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionQueries } from '#core/db/database.ts';
import { Database } from '#core/db/database.ts';
import type { StageResult } from '#connectors/kit/connector.ts';
import { loadNormalisedRows, REJECTS_DDL } from '#ingest/normalised-rows.ts';
import { stageServiceNowFiles } from '#connectors/servicenow/stage-servicenow.ts';
import { stageZendeskFiles } from '#connectors/zendesk/stage-zendesk.ts';
import { stageJiraFiles } from '#connectors/jira/stage-jira.ts';
import { stageWhdFiles } from '#connectors/solarwinds-whd/stage-whd.ts';
import { stageFreshserviceFiles } from '#connectors/freshservice/stage-freshservice.ts';
import { stageIncidentIqFiles } from '#connectors/incident-iq/stage-incident-iq.ts';
import { writeServiceNowExports } from '#fixtures/synthetic-district/vendor-exports/write-servicenow.ts';
import { writeZendeskExports } from '#fixtures/synthetic-district/vendor-exports/write-zendesk.ts';
import { writeJiraExports } from '#fixtures/synthetic-district/vendor-exports/write-jira.ts';
import { writeWhdExports } from '#fixtures/synthetic-district/vendor-exports/write-whd.ts';
import { writeFreshserviceExports } from '#fixtures/synthetic-district/vendor-exports/write-freshservice.ts';
import { writeIncidentIqExports } from '#fixtures/synthetic-district/vendor-exports/write-incident-iq.ts';
import { writeServiceNowUpdateLog } from '#bench/servicenow-update-log.ts';

const OPTIONS = { tickets: 300, seed: 11 };
const dir = mkdtempSync(join(tmpdir(), 'switchboard-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Stage = (tx: ConnectionQueries) => Promise<StageResult>;

/** Stages and loads into a fresh in-memory database; the bounded statements when `uniqueRows`. */
async function load(stage: Stage, uniqueRows: boolean): Promise<Database> {
  const db = await Database.open(':memory:');
  await db.transaction(async (tx) => {
    await tx.run(REJECTS_DDL);
    const staged = await stage(tx);
    await loadNormalisedRows(tx, { source: staged.source, importId: 1, pseudonymKey: 'test-key', uniqueRows, db });
  });
  return db;
}

/** Rows of `table` in one database and not the other (EXCEPT ALL), both ways, and the row counts. */
async function compare(plain: Database, bounded: Database, table: 'tickets' | 'ticket_events') {
  const file = join(dir, `${table}-${Math.random().toString(36).slice(2)}.parquet`);
  await bounded.run(`COPY (SELECT * EXCLUDE (import_id) FROM ${table}) TO '${file}' (FORMAT parquet)`);
  const [row] = await plain.all<{ only_plain: number; only_bounded: number; n: number }>(
    `SELECT (SELECT count(*) FROM (SELECT * EXCLUDE (import_id) FROM ${table} EXCEPT ALL SELECT * FROM read_parquet($1)))::INTEGER AS only_plain,
            (SELECT count(*) FROM (SELECT * FROM read_parquet($1) EXCEPT ALL SELECT * EXCLUDE (import_id) FROM ${table}))::INTEGER AS only_bounded,
            (SELECT count(*) FROM ${table})::INTEGER AS n`,
    [file],
  );
  return row;
}

const cases: [string, (d: string) => Promise<Stage>][] = [
  ['servicenow', async (d) => {
    const [incidents, audit] = (await writeServiceNowExports(d, OPTIONS)).files;
    return (tx) => stageServiceNowFiles(tx, [{ filePath: incidents, fileName: 'incident.csv' }, { filePath: audit, fileName: 'sys_audit.csv' }], { districtTimeZone: 'UTC' });
  }],
  ['servicenow update log', async (d) => {
    const path = join(d, 'update-log.csv');
    await writeServiceNowUpdateLog(path, OPTIONS);
    return (tx) => stageServiceNowFiles(tx, [{ filePath: path, fileName: 'update-log.csv' }], { districtTimeZone: 'UTC' });
  }],
  ['zendesk', async (d) => {
    const [tickets, events] = (await writeZendeskExports(d, OPTIONS)).files;
    return (tx) => stageZendeskFiles(tx, [{ filePath: tickets, fileName: 'tickets.json' }, { filePath: events, fileName: 'ticket_events.json' }], { districtTimeZone: 'UTC' });
  }],
  ['jira', async (d) => {
    const [issues] = (await writeJiraExports(d, OPTIONS)).files;
    return (tx) => stageJiraFiles(tx, [{ filePath: issues, fileName: 'issues.json' }], { districtTimeZone: 'UTC' });
  }],
  ['solarwinds-whd', async (d) => {
    const [tickets] = (await writeWhdExports(d, OPTIONS)).files;
    return (tx) => stageWhdFiles(tx, [{ filePath: tickets, fileName: 'tickets.json' }], { districtTimeZone: 'UTC' });
  }],
  ['freshservice', async (d) => {
    const [tickets, activities] = (await writeFreshserviceExports(d, OPTIONS)).files;
    return (tx) => stageFreshserviceFiles(tx, [{ filePath: tickets, fileName: 'tickets.csv' }, { filePath: activities, fileName: 'activities.jsonl' }], { districtTimeZone: 'UTC' });
  }],
  ['incident-iq', async (d) => {
    const [tickets, activities] = (await writeIncidentIqExports(d, OPTIONS)).files;
    return (tx) => stageIncidentIqFiles(tx, [{ filePath: tickets, fileName: 'tickets.csv' }, { filePath: activities, fileName: 'activities.json' }], { districtTimeZone: 'UTC' });
  }],
];

describe('vendor staging in bounded memory stores what the plain statements store', () => {
  it.each(cases)('%s: the same tickets and events, row for row', async (name, write) => {
    const stage = await write(join(dir, name.replaceAll(' ', '-')));
    const plain = await load(stage, false);
    const bounded = await load(stage, true);
    try {
      const tickets = await compare(plain, bounded, 'tickets');
      const events = await compare(plain, bounded, 'ticket_events');
      expect({ tickets, events }).toEqual({
        tickets: { only_plain: 0, only_bounded: 0, n: 300 },
        events: { only_plain: 0, only_bounded: 0, n: events.n },
      });
      expect(events.n).toBeGreaterThan(0);
    } finally {
      plain.close();
      bounded.close();
    }
  });
});

/**
 * Ctrl-C during an import (the CLI aborts the import's signal and interrupts the running
 * statement): nothing of the file lands, and the history says it was stopped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

describe('an import stopped part-way', () => {
  it('rolls back, is recorded as stopped, and imports whole when run again', async () => {
    const path = writeTemp('log.csv', eventLogCsv([...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Desk'])]));
    const stop = new AbortController();
    const stopWhileWriting = (p: { phase: string }) => {
      if (p.phase === 'writing') {
        stop.abort();
        void db.interruptRunning();
      }
    };
    await expect(importFile(db, path, { signal: stop.signal, onProgress: stopWhileWriting })).rejects.toMatchObject({
      code: 'SB_ERR_STOPPED',
      message: 'log.csv: stopped before it finished; nothing of it was imported. Run the same command again to import it',
    });
    const history = await db.all<{ status: string; message: string }>('SELECT status, message FROM imports ORDER BY import_id');
    expect(history).toEqual([{ status: 'failed', message: 'log.csv: stopped before it finished; nothing of it was imported. Run the same command again to import it' }]);
    const [{ tickets, events }] = await db.all<{ tickets: number; events: number }>(
      'SELECT (SELECT count(*) FROM tickets)::INTEGER AS tickets, (SELECT count(*) FROM ticket_events)::INTEGER AS events',
    );
    expect({ tickets, events }).toEqual({ tickets: 0, events: 0 });
    const again = await importFile(db, path);
    expect(again).toMatchObject({ status: 'succeeded', ticketsImported: 2, eventsImported: 3 });
  });
});

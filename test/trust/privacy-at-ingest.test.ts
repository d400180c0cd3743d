/**
 * Privacy at ingest, on the demo district: its exports plant fake emails, phone numbers
 * and student ids in subjects and descriptions (listed per ticket in ground-truth.csv).
 * After an import none of them may be found in any text column of any stored table, and
 * people appear only as keyed pseudonyms.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { DEFAULT_PRIVACY, writePrivacy } from '#ingest/privacy/policy.ts';
import { writeDistrictExports } from '#fixtures/synthetic-district/write-exports.ts';
import { writeTemp } from '../helpers/event-log.ts';

/** Every VARCHAR column of every base table, as [table, column]. */
async function textColumns(db: Database): Promise<[string, string][]> {
  const rows = await db.all<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
     WHERE data_type = 'VARCHAR' AND table_schema = 'main'
       AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'main')`,
  );
  return rows.map((r) => [r.t, r.c]);
}

describe('the demo district after an import', () => {
  let db: Database;
  let planted: string[];
  let requesters: number;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-privacy-'));
    await writeDistrictExports(dir, { tickets: 1500, seed: 7 });
    const truth = parse(readFileSync(join(dir, 'ground-truth.csv')), { columns: true }) as { planted_pii: string }[];
    const events = parse(readFileSync(join(dir, 'generic-events.csv')), { columns: true }) as { requester: string }[];
    requesters = new Set(events.map((e) => e.requester.trim().toLowerCase())).size;
    planted = [...new Set(truth.flatMap((t) => (t.planted_pii ? t.planted_pii.split('; ') : [])))];
    db = await Database.open(':memory:');
    const summary = await importFile(db, join(dir, 'generic-events.csv'));
    expect(summary.ticketsImported).toBe(1500);
  });
  afterAll(() => db.close());

  it('plants emails, phones and student ids to find', () => {
    expect(planted.filter((p) => p.includes('@')).length).toBeGreaterThan(100);
    expect(planted.filter((p) => /^\(555\)/.test(p)).length).toBeGreaterThan(100);
    expect(planted.filter((p) => /^S\d{7}$/.test(p)).length).toBeGreaterThan(50);
  });

  it('stores none of them in any text column', async () => {
    await db.run('CREATE TEMP TABLE planted (v VARCHAR)');
    await db.run('INSERT INTO planted SELECT unnest($1)', [planted]);
    const columns = await textColumns(db);
    expect(columns).toContainEqual(['tickets', 'description']);
    expect(columns).toContainEqual(['ticket_events', 'detail']);
    const leaks: string[] = [];
    for (const [t, c] of columns) {
      const found = await db.all<{ v: string }>(`SELECT DISTINCT p.v FROM "${t}" x JOIN planted p ON contains(x."${c}", p.v) LIMIT 3`);
      leaks.push(...found.map((f) => `${t}.${c}: ${f.v}`));
    }
    expect(leaks).toEqual([]);
  });

  it('keeps the text around what it redacted', async () => {
    const [r] = await db.all<{ emails: number; phones: number; ids: number }>(
      `SELECT count(*) FILTER (WHERE contains(description, '[email]'))::INTEGER AS emails,
              count(*) FILTER (WHERE contains(description, '[phone]'))::INTEGER AS phones,
              count(*) FILTER (WHERE contains(description, '[student-id]'))::INTEGER AS ids
       FROM tickets`,
    );
    expect(r.emails).toBeGreaterThan(100);
    expect(r.phones).toBeGreaterThan(100);
    expect(r.ids).toBeGreaterThan(50);
  });

  it('names people only by pseudonym', async () => {
    const [r] = await db.all<{ bad_requesters: number; bad_actors: number; requesters: number }>(
      `SELECT (SELECT count(*) FROM tickets WHERE NOT regexp_full_match(requester, 'person-[0-9a-f]{10}'))::INTEGER AS bad_requesters,
              (SELECT count(*) FROM ticket_events WHERE actor IS NOT NULL AND NOT regexp_full_match(actor, 'person-[0-9a-f]{10}'))::INTEGER AS bad_actors,
              (SELECT count(DISTINCT requester) FROM tickets)::INTEGER AS requesters`,
    );
    expect(r).toMatchObject({ bad_requesters: 0, bad_actors: 0 });
    // One pseudonym per person: none collapse, none split.
    expect(r.requesters).toBe(requesters);
  });
});

describe('sensitive tickets and the description setting', () => {
  // Each row also carries one assignment event (created_at, assignment, Desk).
  const csv = (rows: string[]) =>
    ['ticket_id,created_at,subject,description,resolution_text,sensitive,requester,event_at,event_kind,group_after',
      ...rows.map((r) => `${r},${r.split(',')[1]},assignment,Desk`)].join('\n') + '\n';

  it('keeps no text for a ticket its source marks sensitive, even text stored before', async () => {
    const db = await Database.open(':memory:');
    try {
      await importFile(db, writeTemp('a.csv', csv(['T1,2024-09-03T14:00:00Z,Leave request,My leave details,Approved,false,Ann Lee'])));
      await importFile(db, writeTemp('b.csv', csv([
        'T1,2024-09-03T14:00:00Z,Leave request,My leave details,Approved,true,Ann Lee',
        'T2,2024-09-03T15:00:00Z,Printer jam,Room 12 printer,Cleared,false,Bo Diaz',
      ])));
      expect(await db.all('SELECT ticket_id, subject, description, resolution_text, sensitive FROM tickets ORDER BY ticket_id')).toEqual([
        { ticket_id: 'T1', subject: null, description: null, resolution_text: null, sensitive: true },
        { ticket_id: 'T2', subject: 'Printer jam', description: 'Room 12 printer', resolution_text: 'Cleared', sensitive: false },
      ]);
    } finally {
      db.close();
    }
  });

  it('drops every description when the setting says so, and redacts listed names', async () => {
    const db = await Database.open(':memory:');
    try {
      await writePrivacy(db, { ...DEFAULT_PRIVACY, dropDescriptions: true, names: ['Principal Skinner'] });
      await importFile(db, writeTemp('c.csv', csv(['T3,2024-09-03T14:00:00Z,Ask principal skinner,Call 555-201-3344,Done,false,Ann Lee'])));
      expect(await db.all('SELECT subject, description FROM tickets')).toEqual([{ subject: 'Ask [name]', description: null }]);
    } finally {
      db.close();
    }
  });

  it('stores HTML in ticket text as the plain text it is', async () => {
    const db = await Database.open(':memory:');
    try {
      await importFile(db, writeTemp('d.csv', csv(['T4,2024-09-03T14:00:00Z,<script>alert(1)</script>,<img src=x onerror=alert(2)>,ok,false,Ann Lee'])));
      expect(await db.all('SELECT subject, description FROM tickets')).toEqual([
        { subject: '<script>alert(1)</script>', description: '<img src=x onerror=alert(2)>' },
      ]);
    } finally {
      db.close();
    }
  });
});

/**
 * Malformed and hostile inputs (issue 7). Small files live in `corpus/`; large ones (a
 * 50 MB line, 10,000 columns, a zip bomb, megabyte fields) are generated into a temp
 * folder. Each goes through `importPath`, as the CLI and the upload page do, into a
 * database that already holds a district's data, and must end one of two ways:
 *
 * - refused: an ImportError with a named code, a message that starts with the file's
 *   name; one `failed` row in `imports`, and every table otherwise hashing the same;
 * - partly imported: exact ticket, event and rejected-row counts, the rejects by row and
 *   column, and every row that is not the import's own hashing the same.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import type { ImportErrorCode } from '#core/errors.ts';
import { ImportError } from '#core/errors.ts';
import { importPath, type ImportPathOptions } from '#ingest/import-path.ts';
import { importFile } from '#ingest/import-file.ts';
import { parseMapping, type GenericMapping } from '#connectors/generic/mapping.ts';
import { buildZip } from '../ingest/helpers/zip.ts';
import { eventLogCsv, pathEvents } from '../helpers/event-log.ts';
import { maxImportId, tableChecksums } from './snapshot.ts';

const CORPUS = join(import.meta.dirname, 'corpus');
const corpus = (name: string) => join(CORPUS, name);
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function generated(name: string, content: () => string | Buffer): () => string {
  return () => {
    const path = join(scratch, name);
    writeFileSync(path, content());
    return path;
  };
}

function mappingFile(name: string): GenericMapping {
  const parsed = parseMapping(JSON.parse(readFileSync(corpus(name), 'utf8')), name);
  if (!parsed.value) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}

/** A district already in the database: two tickets, their groups, departments and maps. */
async function seededDatabase(): Promise<Database> {
  const db = await Database.open(':memory:');
  await db.run("INSERT INTO departments (department) VALUES ('Technology'), ('Payroll')");
  await db.run("INSERT INTO group_departments VALUES ('IT Service Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const seed = join(scratch, `seed-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(seed, eventLogCsv([...pathEvents('B1', ['IT Service Desk', 'Payroll Team']), ...pathEvents('B2', ['IT Service Desk'])]));
  await importFile(db, seed);
  return db;
}

const H = 'ticket_id,created_at,group,subject\n';

type Refusal = { code: ImportErrorCode; message: RegExp };
type Partial = {
  tickets: number;
  events: number;
  rejected: number;
  /** [row as a spreadsheet numbers it, column, value] */
  rejects?: [number, string, string | null][];
  newGroups?: string[];
  /** Checks on what was stored, by ticket id. */
  stored?: Record<string, Record<string, unknown>>;
};
interface HostileCase {
  label: string;
  file: string | (() => string);
  options?: ImportPathOptions;
  refused?: Refusal;
  partial?: Partial;
}

const wide = 10_000;
const CASES: HostileCase[] = [
  { label: 'an empty file', file: 'empty.csv', refused: { code: 'SB_ERR_EMPTY_FILE', message: /is empty/ } },
  { label: 'a PNG named .csv', file: 'screenshot.csv', refused: { code: 'SB_ERR_BINARY_FILE', message: /is a binary file/ } },
  {
    label: 'UTF-16 LE without a byte-order mark', file: 'utf16-no-bom.csv',
    partial: { tickets: 2, events: 2, rejected: 0, stored: { H1: { subject: 'Café printer' }, H2: { subject: 'Überstunden' } } },
  },
  {
    label: 'Latin-1 bytes declared nowhere', file: 'latin1-undeclared.csv',
    partial: { tickets: 2, events: 2, rejected: 0, stored: { H1: { subject: 'Café à la carte' }, H2: { subject: 'Niño señal' } } },
  },
  {
    label: 'an unclosed quote', file: 'unclosed-quote.csv',
    refused: { code: 'SB_ERR_UNREADABLE', message: /could not be read as a ticket export \(.*"unclosed-quote\.csv"/ },
  },
  {
    label: 'a 50 MB single line', file: generated('one-line.csv', () => 'ticket_id,created_at,' + 'x'.repeat(50 * 1024 * 1024)),
    refused: { code: 'SB_ERR_UNREADABLE', message: /has no line break in its first 256 KB/ },
  },
  {
    label: 'a row longer than DuckDB reads (a 3 MB field)',
    file: generated('huge-row.csv', () => H + 'H1,2024-08-19 08:00:00,IT Service Desk,Laptop\nH2,2024-08-19 09:00:00,IT Service Desk,' + 'y'.repeat(3 * 1024 * 1024) + '\n'),
    refused: { code: 'SB_ERR_UNREADABLE', message: /a row is longer than 2000000 bytes/ },
  },
  {
    label: `${wide.toLocaleString('en-US')} columns`,
    file: generated('wide.csv', () => {
      const extra = Array.from({ length: wide - 3 }, (_, i) => i);
      return `ticket_id,created_at,group,${extra.map((i) => `c${i}`).join(',')}\nH1,2024-08-19 08:00:00,IT Service Desk,${extra.map((i) => `v${i}`).join(',')}\n`;
    }),
    partial: { tickets: 1, events: 1, rejected: 0, stored: { H1: { created_at: new Date('2024-08-19T13:00:00Z') } } },
  },
  {
    label: 'extremely long field values (1 MB subject, 100 KB group)',
    file: generated('long-values.csv', () => H + `H1,2024-08-19 08:00:00,${'G'.repeat(100_000)},${'S'.repeat(1_000_000)}\n`),
    partial: { tickets: 1, events: 1, rejected: 0, newGroups: ['G'.repeat(100_000)], stored: { H1: { subject: 'S'.repeat(1_000_000) } } },
  },
  {
    // Last non-empty value wins; the creation is the earliest of the rows.
    label: 'duplicate ticket ids with conflicting values', file: 'duplicate-ids.csv',
    partial: {
      tickets: 1, events: 3, rejected: 0, newGroups: ['Facilities'],
      stored: { H1: { subject: 'Broken door', category: 'Payroll', created_at: new Date('2024-08-18T12:00:00Z') } },
    },
  },
  {
    // Stored as the export says: the creation column is the ticket's, the events keep their order.
    label: 'events before the ticket was created', file: 'events-before-creation.csv',
    partial: { tickets: 1, events: 2, rejected: 0, stored: { H1: { created_at: new Date('2024-08-19T13:00:00Z') } } },
  },
  {
    label: 'dates in 1900 and 2100', file: 'dates-1900-2100.csv',
    partial: {
      tickets: 3, events: 3, rejected: 0,
      // Wall-clock times in Chicago: LMT-free CST (UTC-6) in 1900 and 2100.
      stored: { H1: { created_at: new Date('1900-01-01T06:00:00Z') }, H2: { created_at: new Date('2101-01-01T05:59:59Z') } },
    },
  },
  {
    label: 'formula cells in subjects (stored as given)', file: 'formula-subjects.csv',
    partial: {
      tickets: 4, events: 4, rejected: 1, rejects: [[6, 'created_at', '=HYPERLINK("http://evil.test")']],
      stored: {
        H1: { subject: '=HYPERLINK("http://evil.test","How do I reset my password?")' },
        H2: { subject: "+cmd|' /C calc'!A0 how do I open the gradebook?" },
        H3: { subject: '-2+3 how do I print report cards?' },
        H4: { subject: "@SUM(1+1)*cmd|' /C calc'!A0 where is the bus schedule?" },
      },
    },
  },
  {
    label: 'markup in subjects and group names (stored as text)', file: 'script-subject.csv',
    partial: {
      tickets: 2, events: 2, rejected: 0, newGroups: ['<img src=x onerror=alert(2)>'],
      stored: { H1: { subject: '<script>alert(1)</script>' } },
    },
  },
  {
    label: 'a zip bomb',
    file: generated('bomb.zip', () => buildZip([{ name: 'bomb.csv', data: Buffer.alloc(20 * 1024 * 1024, 0x30), deflate: true }])),
    refused: { code: 'SB_ERR_BAD_ARCHIVE', message: /entry 'bomb\.csv' expands \d+ times \(more than 200\); this looks like a zip bomb/ },
  },
  { label: 'a path-escaping zip entry', file: 'path-escape.zip', refused: { code: 'SB_ERR_BAD_ARCHIVE', message: /entry '\.\.\/\.\.\/etc\/x\.csv' climbs out of the folder/ } },
  { label: 'an absolute-path zip entry', file: 'absolute-path.zip', refused: { code: 'SB_ERR_BAD_ARCHIVE', message: /entry '\/etc\/x\.csv' is an absolute path/ } },
  { label: 'a truncated zip', file: 'truncated.zip', refused: { code: 'SB_ERR_BAD_ARCHIVE', message: /is not a complete zip archive/ } },
  { label: 'a CSV that is not a ticket export', file: 'not-tickets.csv', refused: { code: 'SB_ERR_NOT_A_TICKET_EXPORT', message: /its columns are fruit, colour, price/ } },
  { label: 'JSON that is not a ticket export', file: 'not-tickets.json', refused: { code: 'SB_ERR_NOT_A_TICKET_EXPORT', message: /its top-level keys are menu, lunch/ } },
  { label: 'a header only', file: 'header-only.csv', refused: { code: 'SB_ERR_EMPTY_FILE', message: /has a header but no rows/ } },
  { label: 'only blank lines', file: 'blank-lines.csv', refused: { code: 'SB_ERR_EMPTY_FILE', message: /has no header row/ } },
  { label: 'a NUL byte in the middle of a text file', file: 'nul-in-middle.csv', refused: { code: 'SB_ERR_BINARY_FILE', message: /is a binary file/ } },
  {
    label: 'mixed delimiters', file: 'mixed-delimiters.csv',
    partial: { tickets: 2, events: 2, rejected: 2, rejects: [[3, 'created_at', null], [5, 'created_at', null]] },
  },
  {
    label: 'a mapping naming a missing column', file: 'mapped.csv', options: { mapping: mappingFile('missing-column.mapping.json') },
    refused: { code: 'SB_ERR_UNKNOWN_COLUMN', message: /the mapping's created_at column 'Opened On' is not in the file; its columns are ticket_id, created_at, group, subject/ },
  },
  {
    label: "a ticket id of SQL ('; DROP TABLE tickets; --)", file: 'sql-ticket-id.csv',
    partial: {
      tickets: 2, events: 2, rejected: 0, newGroups: ['Desk" OR 1=1 --'],
      stored: { "'; DROP TABLE tickets; --": { subject: "Robert'); DROP TABLE ticket_events;--" } },
    },
  },
  {
    label: 'a column name with quotes and semicolons, mapped', file: 'quoted-column-name.csv',
    options: { mapping: { source: 'generic', fields: { ticket_id: 'ticket_id', created_at: 'created_at', group: 'group', subject: 'sub"ject; DROP TABLE tickets; --' } } },
    partial: { tickets: 1, events: 1, rejected: 0, stored: { H1: { subject: 'Laptop' } } },
  },
  {
    label: 'CRLF and LF mixed', file: 'crlf-lf-mix.csv',
    partial: { tickets: 3, events: 3, rejected: 0, stored: { H2: { subject: 'two\r\nlines' }, H3: { subject: 'Projector' } } },
  },
  {
    label: 'a BOM and a semicolon delimiter', file: 'bom-semicolon.csv',
    partial: { tickets: 2, events: 2, rejected: 0, stored: { H1: { created_at: new Date('2024-08-19T13:00:00Z') }, H2: { created_at: new Date('2024-08-20T14:30:00Z') } } },
  },
  { label: 'numbers as dates', file: 'numbers-as-dates.csv', refused: { code: 'SB_ERR_DATE_FORMAT', message: /no known date format parses most values.*Set dateFormat/ } },
  {
    label: 'a .gz name on plain text (read as text)', file: 'plain-text.csv.gz',
    partial: { tickets: 1, events: 1, rejected: 0, stored: { H1: { subject: 'Laptop' } } },
  },
  { label: 'gzip magic on garbage', file: 'gzip-magic-garbage.csv.gz', refused: { code: 'SB_ERR_BAD_ARCHIVE', message: /is not a complete gzip file/ } },
];

describe('hostile inputs leave the database as it was, or import exactly what can be read', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const path = typeof c.file === 'string' ? corpus(c.file) : c.file();
    const fileName = path.split('/').pop()!;
    const db = await seededDatabase();
    try {
      const lastId = await maxImportId(db);
      const before = await tableChecksums(db);
      const outcomes = await importPath(db, path, c.options);
      expect(outcomes).toHaveLength(1);
      const [outcome] = outcomes;
      // A refusal inside the transaction leaves a gap in the id sequence (DuckDB sequences
      // are not rolled back), so the new row is the one above the last, whatever its id.
      const added = await db.all<{ import_id: number }>('SELECT import_id FROM imports WHERE import_id > $1', [lastId]);
      expect(added).toHaveLength(1);
      const newId = added[0].import_id;
      const [recorded] = await db.all<{ status: string; message: string; file_name: string }>(
        'SELECT status, message, file_name FROM imports WHERE import_id = $1', [newId],
      );
      expect(recorded.file_name).toBe(fileName);
      if (c.refused) {
        expect(outcome.summary).toBeUndefined();
        expect(outcome.error).toBeInstanceOf(ImportError);
        expect(outcome.error!.code).toBe(c.refused.code);
        expect(outcome.error!.message.startsWith(`${fileName}: `)).toBe(true);
        expect(outcome.error!.message).toMatch(c.refused.message);
        // No server path in what a person (or a client) is shown.
        expect(outcome.error!.message).not.toContain(CORPUS);
        expect(outcome.error!.message).not.toContain(scratch);
        expect(recorded).toMatchObject({ status: 'failed', message: outcome.error!.message });
        expect(await tableChecksums(db, { importId: newId })).toEqual(before);
      } else {
        const p = c.partial!;
        expect(outcome.error?.message).toBeUndefined();
        const s = outcome.summary!;
        expect([s.status, s.ticketsImported, s.ticketsNew, s.eventsImported, s.rowsRejected]).toEqual(['succeeded', p.tickets, p.tickets, p.events, p.rejected]);
        expect(s.rejects).toHaveLength(p.rejected);
        if (p.rejects) expect(s.rejects.map((r) => [r.row, r.column, r.value])).toEqual(p.rejects);
        for (const r of s.rejects) expect(r.reason.length).toBeGreaterThan(10);
        expect(recorded.status).toBe('succeeded');
        const [own] = await db.all<{ t: number; e: number }>(
          'SELECT (SELECT count(*) FROM tickets WHERE import_id = $1)::INTEGER t, (SELECT count(*) FROM ticket_events WHERE import_id = $1)::INTEGER e',
          [newId],
        );
        expect(own).toEqual({ t: p.tickets, e: p.events });
        const [{ groups }] = await db.all<{ groups: number }>('SELECT count(*)::INTEGER AS groups FROM groups');
        expect(groups).toBe(2 + (p.newGroups?.length ?? 0));
        expect(await tableChecksums(db, { importId: newId, groups: p.newGroups })).toEqual(before);
        for (const [ticketId, expected] of Object.entries(p.stored ?? {})) {
          const [row] = await db.all<Record<string, unknown>>(
            `SELECT ${Object.keys(expected).map((k) => `"${k}"`).join(', ')} FROM tickets WHERE ticket_id = $1 AND import_id = $2`,
            [ticketId, newId],
          );
          expect(row).toEqual(expected);
        }
      }
    } finally {
      db.close();
    }
  });

  it('every case is distinct and there are at least 30', () => {
    expect(new Set(CASES.map((c) => c.label)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  // A file cut off mid-row ends in a short last row ('H3,2024-08-2') with no line break:
  // DuckDB would pad it with NULLs and the date reader take it as 2 August.
  it('a CSV truncated mid-row rejects the cut row', async () => {
    const db = await seededDatabase();
    try {
      const [outcome] = await importPath(db, corpus('truncated-mid-row.csv'));
      expect(outcome.summary).toMatchObject({ ticketsImported: 2, rowsRejected: 1 });
      expect(outcome.summary!.rejects).toEqual([{
        row: 4, column: 'created_at', value: '2024-08-2',
        reason: 'the file looks truncated: the last row has 2 of 4 columns and no line break after it; export the file again',
      }]);
      const stored = await db.all("SELECT ticket_id FROM tickets WHERE ticket_id LIKE 'H%' ORDER BY 1");
      expect(stored).toEqual([{ ticket_id: 'H1' }, { ticket_id: 'H2' }]);
    } finally {
      db.close();
    }
  });
});

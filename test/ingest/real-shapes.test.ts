/**
 * The corpus of hand-written exports in fixtures/real-shapes (16 helpdesk shapes, see its
 * README): every file imports with no mapping file, its columns auto-detected, with the
 * roles and the ticket, rerouted, hops and ping-pong counts of expected.json (by the
 * generic connector, or the vendor connector its header names: VENDOR). The counts
 * are read from the per-ticket facts the figures read (analysis/ticket-facts), after the
 * import refreshed them: rerouted = tickets with rerouted, hops = their sum, ping_pong =
 * tickets with ping_pong; null when any ticket's value is unknown (a snapshot's hops).
 *
 * A file whose roles cannot be read unambiguously must stop with the question before
 * writing anything; the test then answers it with `answers` (`--field`), as a person would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { previewFile } from '#ingest/preview.ts';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { isAmbiguousColumnsError } from '#connectors/generic/ambiguous.ts';
import type { GenericField } from '#connectors/generic/field-names.ts';

const DIR = join(import.meta.dirname, '../../fixtures/real-shapes');

interface Expected {
  shape: string;
  roles: Partial<Record<GenericField, string>>;
  tickets: number;
  rerouted: number | null;
  hops: number | null;
  ping_pong: number | null;
  notes: string;
}
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

/**
 * Files the detection cannot read unambiguously, and the answer a person gives. The
 * question each must stop with is checked before the answer is given.
 */
const ANSWERS: Record<string, { asks: GenericField; answers: Partial<Record<GenericField, string>> }> = {
  // "AMBIGUOUS: Jitbit has no 'group' field; tickets are routed by Category" (expected.json).
  'jitbit-tickets.json': { asks: 'group', answers: { group: 'Category', category: '' } },
};

/**
 * Where expected.json's notes name a second column as equally right ("either works", "1:1
 * with id"), the detection may take that one.
 */
const TWINS: Record<string, Partial<Record<GenericField, string>>> = {
  'zammad-tickets.json': { ticket_id: 'number', group: 'group_id' }, // "'group_id' is the numeric twin of 'group' (either works)"; "'number' ... 1:1 with id"
  'zammad-webhook-events.jsonl': { ticket_id: 'ticket.number' }, // "ticket.number is 1:1 with ticket.id"
  'manageengine-sdp-requests.json': { ticket_id: 'display_id' }, // "display_id ... (1:1 with id; either is a fine ticket_id)"
  'airtable-facilities-requests.json': { created_at: 'createdTime' }, // "either is acceptable as creation"
};

/**
 * Files a vendor connector claims by their header, which must still read the roles, shape
 * and counts of expected.json.
 */
const VENDOR: Record<string, string> = {
  // Number, Assignment group, Reassignment count, Short description: ServiceNow's incident list labels.
  'itsm-incidents-reassignments.csv': 'servicenow',
};

/** The roles that decide the counts: they must be exactly the expected ones, and absent when not expected. */
const PATH_ROLES: GenericField[] = ['ticket_id', 'event_at', 'created_at', 'group', 'group_before', 'group_after', 'reassignment_count'];

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

async function counts() {
  const [row] = await db.all<{ tickets: number; unknown: number; rerouted: number; hops: number; ping_pong: number; pp_unknown: number }>(
    `SELECT count(*)::INTEGER AS tickets, count(*) FILTER (WHERE hops IS NULL)::INTEGER AS unknown,
       count(*) FILTER (WHERE rerouted)::INTEGER AS rerouted, coalesce(sum(hops), 0)::INTEGER AS hops,
       count(*) FILTER (WHERE ping_pong)::INTEGER AS ping_pong, count(*) FILTER (WHERE ping_pong IS NULL)::INTEGER AS pp_unknown
     FROM cache.ticket_facts`,
  );
  return {
    tickets: row.tickets,
    rerouted: row.unknown ? null : row.rerouted,
    hops: row.unknown ? null : row.hops,
    ping_pong: row.pp_unknown ? null : row.ping_pong,
  };
}

describe('every file in fixtures/real-shapes imports auto-detected', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.shape}, ${expected.tickets} tickets`, async () => {
      const path = join(DIR, file);
      const answer = ANSWERS[file];
      if (answer) {
        // It stops before writing, with the question for the field, and imports once answered.
        const error = await importFile(db, path, { derived: ticketFactsDerived }).catch((e: unknown) => e);
        expect(isAmbiguousColumnsError(error)).toBe(true);
        if (!isAmbiguousColumnsError(error)) return;
        expect(error.questions.map((q) => q.field)).toEqual([answer.asks]);
        expect(error.questions[0].text).toContain(`--field ${answer.asks}=`);
        const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
        expect(n).toBe(0);
      }
      const summary = await importFile(db, path, { derived: ticketFactsDerived, answers: answer?.answers });
      expect(summary.status).toBe('succeeded');
      expect(summary.connector).toBe(VENDOR[file] ?? 'generic');
      expect(summary.rowsRejected).toBe(0);

      const preview = await previewFile(path, { answers: answer?.answers });
      const got = Object.fromEntries(preview.columnMatches.map((m) => [m.field, m.column]));
      const twins = TWINS[file] ?? {};
      for (const [field, column] of Object.entries(expected.roles) as [GenericField, string][]) {
        const ok = [column, twins[field]].filter(Boolean);
        expect(ok, `${file}: role ${field}`).toContain(got[field]);
      }
      for (const field of PATH_ROLES) {
        // An event log whose one time column is its event time also gives each ticket's creation (its earliest).
        if (field === 'created_at' && got.created_at !== undefined && got.created_at === got.event_at) continue;
        if (!(field in expected.roles)) expect(got[field], `${file}: no ${field} column`).toBeUndefined();
      }
      expect(preview.shape).toBe(expected.shape);
      expect(await counts()).toEqual({ tickets: expected.tickets, rerouted: expected.rerouted, hops: expected.hops, ping_pong: expected.ping_pong });
    });
  }
});

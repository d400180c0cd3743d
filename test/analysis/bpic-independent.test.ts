/**
 * The BPIC 2014 sample (a real bank's IT service desk): the report's hop, reroute,
 * ping-pong and return counts against an independent reading of the CSV.
 *
 * The independent side shares no code with Switchboard: it parses the activity file with
 * csv-parse and applies the definitions from scratch. A ticket's group path is the
 * 'Assignment' and 'Reassignment' rows' groups (the dataset's README: other rows carry the
 * group of whoever logged the activity), ordered by DateStamp, then
 * IncidentActivity_Number, then file order, empty groups dropped, consecutive repeats
 * collapsed. Hops = length - 1; ping-pong = some group two steps later is the same group;
 * return = some group appears twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { readSettings } from '#core/settings.ts';
import { parseMapping } from '#connectors/generic/mapping.ts';
import { buildReport, type Report } from '#analysis/report/report.ts';
import { ticketFacts } from '#analysis/ticket-facts/ticket-facts.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'bpic2014');
const DATA = join(FIXTURES, 'BPIC14_incident_activity_sample.csv');
const MAPPING = join(FIXTURES, 'activity-mapping.json');

interface Independent {
  tickets: number;
  hops: number;
  rerouted: number;
  pingPong: number;
  returned: number;
  paths: Map<string, string[]>;
}

function independentCounts(csvText: string): Independent {
  const rows: Record<string, string>[] = parse(csvText, { columns: true, skip_empty_lines: true });
  const byTicket = new Map<string, { at: string; number: string; row: number; type: string; group: string }[]>();
  rows.forEach((r, row) => {
    const id = r['Incident ID'];
    if (!byTicket.has(id)) byTicket.set(id, []);
    byTicket.get(id)!.push({ at: r.DateStamp, number: r.IncidentActivity_Number, row, type: r.IncidentActivity_Type, group: r['Assignment Group'] });
  });
  const out: Independent = { tickets: byTicket.size, hops: 0, rerouted: 0, pingPong: 0, returned: 0, paths: new Map() };
  for (const [id, events] of byTicket) {
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : a.row - b.row));
    const path: string[] = [];
    for (const e of events) {
      if (e.type !== 'Assignment' && e.type !== 'Reassignment') continue;
      if (!e.group) continue;
      if (path[path.length - 1] !== e.group) path.push(e.group);
    }
    out.paths.set(id, path);
    const hops = Math.max(path.length - 1, 0);
    out.hops += hops;
    if (hops > 0) out.rerouted++;
    if (path.some((g, i) => i + 2 < path.length && path[i + 2] === g)) out.pingPong++;
    if (new Set(path).size < path.length) out.returned++;
  }
  return out;
}

let db: Database;
let report: Report;
let expected: Independent;
beforeAll(async () => {
  expected = independentCounts(readFileSync(DATA, 'utf8'));
  db = await Database.open(':memory:');
  const mapping = parseMapping(JSON.parse(readFileSync(MAPPING, 'utf8')), 'activity-mapping.json');
  expect(mapping.errors).toEqual([]);
  const summary = await importFile(db, DATA, { mapping: mapping.value });
  expect(summary.rowsRejected).toBe(0);
  report = await buildReport(db, {}, await readSettings(db));
}, 120_000);
afterAll(() => db.close());

describe('BPIC 2014 sample: report versus an independent script', () => {
  it('reads 4,000 incidents', () => {
    expect(expected.tickets).toBe(4000);
    expect(report.summary.tickets).toBe(expected.tickets);
  });

  it('counts the same hops, reroutes, ping-pongs and returns', () => {
    const s = report.summary;
    expect({ rerouted: s.rerouted_tickets, pingPong: s.ping_pong_tickets, returned: s.return_tickets, hops: Math.round(s.mean_hops * s.tickets) }).toEqual({
      rerouted: expected.rerouted,
      pingPong: expected.pingPong,
      returned: expected.returned,
      hops: expected.hops,
    });
    expect(s.mean_hops * s.tickets).toBeCloseTo(expected.hops, 6);
    expect(expected.pingPong).toBeGreaterThan(0);
  });

  it('builds the same group path for every incident', async () => {
    const facts = await ticketFacts(db, {}, await readSettings(db));
    const differing = facts.filter((f) => f.group_path.join('>') !== (expected.paths.get(f.ticket_id) ?? []).join('>'));
    expect(differing.map((f) => f.ticket_id)).toEqual([]);
  });
});

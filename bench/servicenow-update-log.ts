/**
 * Writes the synthetic district as a ServiceNow incident update log: one row per update of
 * an incident (its values as they stood after the update, with sys_mod_count,
 * sys_updated_on and sys_updated_by), the shape of the public ServiceNow event logs a
 * district tries first. The synthetic writer in fixtures/ gives the incident list and
 * sys_audit (two files, one import); the CLI imports one file at a time, so the bench
 * measures the single-file shape. Times are day-first in UTC ('29/02/2016 01:16:05'),
 * as write-servicenow.ts writes them.
 *
 * Each event is one update; notes and comments change nothing but sys_mod_count. The
 * resolution and closing times appear from the update that resolved or closed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateDistrict, type DistrictOptions } from '#fixtures/synthetic-district/generate.ts';
import { csvLine } from '#fixtures/synthetic-district/write-exports.ts';
import { TextSink } from '#fixtures/synthetic-district/vendor-exports/text-sink.ts';
import { dayFirstUtc } from '#fixtures/synthetic-district/vendor-exports/write-servicenow.ts';

export const UPDATE_LOG_HEADER = [
  'number', 'assignment_group', 'reassignment_count', 'opened_at', 'resolved_at', 'closed_at', 'category',
  'subcategory', 'short_description', 'description', 'contact_type', 'location', 'close_code', 'close_notes',
  'caller_id', 'state', 'sys_mod_count', 'sys_updated_on', 'sys_updated_by',
];

export async function writeServiceNowUpdateLog(path: string, options: DistrictOptions): Promise<{ tickets: number; rows: number }> {
  mkdirSync(dirname(path), { recursive: true });
  const sink = new TextSink(path);
  await sink.write(csvLine(UPDATE_LOG_HEADER));
  let tickets = 0;
  let rows = 0;
  for (const { ticket: t, events } of generateDistrict(options)) {
    let group = '';
    let assignments = 0;
    let state = 'New';
    let resolved: Date | null = null;
    let closed: Date | null = null;
    for (const [k, e] of events.entries()) {
      if (e.kind === 'assignment' && e.groupAfter !== null) {
        group = e.groupAfter;
        assignments++;
      } else if (e.kind === 'resolution') {
        state = 'Resolved';
        resolved = t.resolvedAt ?? e.at;
      } else if (e.kind === 'status') {
        state = e.detail ?? state;
        if (state === 'Closed') closed = t.closedAt ?? e.at;
      }
      const done = resolved !== null;
      await sink.write(csvLine([
        t.ticketId, group, Math.max(assignments - 1, 0), dayFirstUtc(t.createdAt), dayFirstUtc(resolved), dayFirstUtc(closed),
        t.category, t.subcategory, t.subject, t.description, t.channel, t.location,
        done ? t.resolutionCode : '', done ? t.resolutionText : '', t.requester, state,
        k, dayFirstUtc(e.at), e.automated ? 'system' : (e.actor ?? ''),
      ]));
      rows++;
    }
    tickets++;
  }
  await sink.close();
  return { tickets, rows };
}

/** `npx tsx bench/servicenow-update-log.ts OUT.csv TICKETS`: writes one update log. */
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [out, n] = process.argv.slice(2);
  const started = Date.now();
  const written = await writeServiceNowUpdateLog(out, { tickets: Number(n) });
  console.error(`wrote ${written.rows} rows of ${written.tickets} incidents to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

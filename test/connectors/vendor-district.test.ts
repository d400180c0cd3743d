/**
 * The synthetic district written in vendor formats and read back by the vendor
 * connectors: every ticket's group path must equal the generator's ground truth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageServiceNowFiles } from '#connectors/servicenow/stage-servicenow.ts';
import { stageZendeskFiles } from '#connectors/zendesk/stage-zendesk.ts';
import { generateDistrict } from '#fixtures/synthetic-district/generate.ts';
import { writeServiceNowExports } from '#fixtures/synthetic-district/vendor-exports/write-servicenow.ts';
import { writeZendeskExports, zendeskIdOf } from '#fixtures/synthetic-district/vendor-exports/write-zendesk.ts';
import { stageJiraFiles } from '#connectors/jira/stage-jira.ts';
import { stageWhdFiles } from '#connectors/solarwinds-whd/stage-whd.ts';
import { jiraKeyOf, writeJiraExports } from '#fixtures/synthetic-district/vendor-exports/write-jira.ts';
import { whdIdOf, writeWhdExports } from '#fixtures/synthetic-district/vendor-exports/write-whd.ts';
import { stageFreshserviceFiles } from '#connectors/freshservice/stage-freshservice.ts';
import { freshserviceIdOf, writeFreshserviceExports } from '#fixtures/synthetic-district/vendor-exports/write-freshservice.ts';
import { stageIncidentIqFiles } from '#connectors/incident-iq/stage-incident-iq.ts';
import { incidentIqNumberOf, writeIncidentIqExports } from '#fixtures/synthetic-district/vendor-exports/write-incident-iq.ts';
import { groupPaths, ingestWith } from './helpers.ts';

const OPTIONS = { tickets: 400, seed: 7 };
const dir = mkdtempSync(join(tmpdir(), 'switchboard-vendors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function truthPaths(idOf: (ticketId: string) => string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { ticket, truth } of generateDistrict(OPTIONS)) out[idOf(ticket.ticketId)] = truth.groupPath;
  return out;
}

describe('the synthetic district in vendor formats', () => {
  it('ServiceNow incident list + sys_audit give exactly the true group paths', async () => {
    const written = await writeServiceNowExports(join(dir, 'servicenow'), OPTIONS);
    expect(written.tickets).toBe(400);
    const [incidents, audit] = written.files;
    const run = await ingestWith((tx) =>
      stageServiceNowFiles(tx, [{ filePath: incidents, fileName: 'incident.csv' }, { filePath: audit, fileName: 'sys_audit.csv' }],
        { districtTimeZone: 'America/Chicago', timeZone: 'UTC' }),
    );
    try {
      expect(run.rejects).toEqual([]);
      const truth = truthPaths((id) => id);
      expect(Object.values(truth).filter((p) => p.length > 1).length).toBeGreaterThan(40);
      expect(await groupPaths(run.db)).toEqual(truth);
    } finally {
      run.db.close();
    }
  });

  it('Zendesk tickets + incremental ticket events give exactly the true group paths', async () => {
    const written = await writeZendeskExports(join(dir, 'zendesk'), OPTIONS);
    const [tickets, events] = written.files;
    const run = await ingestWith((tx) =>
      stageZendeskFiles(tx, [{ filePath: tickets, fileName: 'tickets.json' }, { filePath: events, fileName: 'ticket_events.json' }],
        { districtTimeZone: 'America/Chicago' }),
    );
    try {
      expect(run.rejects).toEqual([]);
      expect(await groupPaths(run.db)).toEqual(truthPaths((id) => String(zendeskIdOf(id))));
    } finally {
      run.db.close();
    }
  });

  it('Jira Service Management issues with changelogs give exactly the true group paths', async () => {
    const written = await writeJiraExports(join(dir, 'jira'), OPTIONS);
    expect(written.tickets).toBe(400);
    const run = await ingestWith((tx) => stageJiraFiles(tx, [{ filePath: written.files[0], fileName: 'issues.json' }], { districtTimeZone: 'America/Chicago' }));
    try {
      expect(run.rejects).toEqual([]);
      expect(await groupPaths(run.db)).toEqual(truthPaths(jiraKeyOf));
    } finally {
      run.db.close();
    }
  });

  it('Web Help Desk tickets carry the final group, request types and counts (it keeps no group history)', async () => {
    const written = await writeWhdExports(join(dir, 'whd'), OPTIONS);
    const run = await ingestWith((tx) => stageWhdFiles(tx, [{ filePath: written.files[0], fileName: 'tickets.json' }], { districtTimeZone: 'America/Chicago' }));
    try {
      expect(run.rejects).toEqual([]);
      const finals: Record<string, string[]> = {};
      const types: Record<string, [string | null, string | null]> = {};
      for (const { ticket, truth } of generateDistrict(OPTIONS)) {
        finals[String(whdIdOf(ticket.ticketId))] = truth.groupPath.slice(-1);
        types[String(whdIdOf(ticket.ticketId))] = [ticket.category, ticket.subcategory];
      }
      expect(await groupPaths(run.db)).toEqual(finals);
      const stored = await run.db.all<{ ticket_id: string; category: string | null; subcategory: string | null }>('SELECT ticket_id, category, subcategory FROM tickets');
      expect(stored).toHaveLength(400);
      expect(Object.fromEntries(stored.map((r) => [r.ticket_id, [r.category, r.subcategory]]))).toEqual(types);
      // What WHD cannot show: tickets that moved between groups.
      expect(Object.values(truthPaths((id) => id)).filter((p) => p.length > 1).length).toBeGreaterThan(40);
    } finally {
      run.db.close();
    }
  });

  it('Freshservice ticket export + activities give exactly the true group paths', async () => {
    const written = await writeFreshserviceExports(join(dir, 'freshservice'), OPTIONS);
    const [tickets, activities] = written.files;
    const run = await ingestWith((tx) =>
      stageFreshserviceFiles(tx, [{ filePath: tickets, fileName: 'tickets.csv' }, { filePath: activities, fileName: 'activities.jsonl' }],
        { districtTimeZone: 'America/Chicago', timeZone: 'UTC' }),
    );
    try {
      expect(run.rejects).toEqual([]);
      expect(await groupPaths(run.db)).toEqual(truthPaths((id) => String(freshserviceIdOf(id))));
      const [{ automated }] = await run.db.all<{ automated: number }>('SELECT count(*) FILTER (WHERE automated)::INTEGER AS automated FROM ticket_events');
      expect(automated).toBe([...generateDistrict(OPTIONS)].flatMap((d) => d.events.slice(1)).filter((e) => e.kind === 'assignment' && e.groupAfter && e.automated).length);
    } finally {
      run.db.close();
    }
  });

  it('Incident IQ ticket export + timeline give exactly the true group paths, rule executions automated', async () => {
    const written = await writeIncidentIqExports(join(dir, 'incident-iq'), OPTIONS);
    expect(written.tickets).toBe(400);
    const [tickets, activities] = written.files;
    const run = await ingestWith((tx) =>
      stageIncidentIqFiles(tx, [{ filePath: tickets, fileName: 'tickets.csv' }, { filePath: activities, fileName: 'activities.json' }],
        { districtTimeZone: 'America/Chicago' }),
    );
    try {
      expect(run.rejects).toEqual([]);
      expect(run.staged.rowsRead).toBe(400 + written.activities);
      expect(await groupPaths(run.db)).toEqual(truthPaths((id) => String(incidentIqNumberOf(id))));

      // Portal and email tickets land by a routing rule (automated); phone and walk-in ones
      // land where the first team change came from, or in their current team.
      const district = [...generateDistrict(OPTIONS)];
      const landings = district.map((d) => d.events.find((e) => e.kind === 'assignment' && e.groupAfter)).filter((e) => e !== undefined);
      const ruleLandings = landings.filter((e) => e.automated).length;
      expect(ruleLandings).toBeGreaterThan(100);
      expect(landings.length - ruleLandings).toBeGreaterThan(50);
      const [counts] = await run.db.all<{ assignments: number; automated_assignments: number; automated: number; events: number }>(`SELECT
        count(*) FILTER (WHERE kind = 'assignment')::INTEGER AS assignments,
        count(*) FILTER (WHERE kind = 'assignment' AND automated)::INTEGER AS automated_assignments,
        count(*) FILTER (WHERE automated)::INTEGER AS automated, count(*)::INTEGER AS events FROM ticket_events`);
      const events = district.flatMap((d) => d.events);
      expect(counts).toEqual({
        assignments: events.filter((e) => e.kind === 'assignment' && e.groupAfter).length,
        automated_assignments: ruleLandings,
        automated: events.filter((e) => e.automated).length,
        events: events.length,
      });

      // The CSV's Chicago wall clock reads back to the true instants, across both DST changes.
      const instants = await run.db.all<{ ticket_id: string; created: string; resolved: string | null }>(
        `SELECT ticket_id, strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created,
           strftime(resolved_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS resolved FROM tickets`,
      );
      const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 19) + 'Z' : null);
      expect(Object.fromEntries(instants.map((r) => [r.ticket_id, [r.created, r.resolved]]))).toEqual(
        Object.fromEntries(district.map(({ ticket: t }) => [String(incidentIqNumberOf(t.ticketId)), [iso(t.createdAt), iso(t.resolvedAt ?? t.closedAt)]])),
      );
    } finally {
      run.db.close();
    }
  });
});

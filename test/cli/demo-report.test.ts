/**
 * The skeleton's promise, through the real command line: a demo district written into a
 * database reports the figure the generator's ground truth says; the same district as an
 * export file ingests into the same group paths.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { ticketPathsCte } from '#analysis/ticket-paths/ticket-paths.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const cli = (...args: string[]) => run(process.execPath, ['bin/switchboard.js', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });

describe('switchboard demo + report', () => {
  it('reports the ground truth of a 20,000-ticket district exactly', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'switchboard-cli-')), 'x.duckdb');
    await cli('demo', '--tickets', '20000', '--db', db);
    const { stdout } = await cli('report', '--db', db, '--format', 'json');
    const report = JSON.parse(stdout);
    const md = (await cli('report', '--db', db, '--format', 'md')).stdout;
    expect(md).toContain('- Tickets: 20000');
    // The CIO's sections: three actions that save most, who routes, the outlook.
    expect(report.fix_first.length).toBeGreaterThanOrEqual(3);
    expect(report.fix_first[0].yearly_cost).toBeGreaterThanOrEqual(report.fix_first[1].yearly_cost);
    expect(Object.keys(report.routing_people).sort()).toEqual(['gini', 'people', 'sentence', 'top1_share', 'top3_share', 'top5_share']);
    expect(report.forecast.departments.length).toBeGreaterThan(0);
    expect(md).toMatch(/## What to fix first\n\n1\. .+ a year/);
    expect(md).toContain('## Who routes');
    expect(md).toContain('## Outlook');
    expect(md).toContain('## Ownership gaps by request type');
    const csv = (await cli('report', '--db', db, '--format', 'csv', '--table', 'ownership_gaps')).stdout.trim().split('\n');
    expect(csv[0]).toBe('request_type,tickets,top_owner,top_owner_share,owner_entropy,misroute_share,coordination_cost,declared_owner,gap');
    expect(csv).toHaveLength(1 + report.ownership_gaps.length);
    const hr = JSON.parse((await cli('report', '--db', db, '--format', 'json', '--department', 'Human Resources')).stdout);
    expect(hr.summary.tickets).toBeLessThan(report.summary.tickets);

    const handle = await Database.open(db);
    const [truth] = await handle.all<Record<string, number>>(
      `SELECT count(*)::INTEGER AS tickets,
         count(*) FILTER (WHERE first_vs_resolver_mismatch)::INTEGER AS mismatched,
         count(*) FILTER (WHERE misrouted)::INTEGER AS misrouted,
         count(*) FILTER (WHERE owner_misrouted)::INTEGER AS owner_misrouted,
         count(*) FILTER (WHERE redirected)::INTEGER AS redirected,
         count(*) FILTER (WHERE ping_pong)::INTEGER AS ping_pong,
         count(*) FILTER (WHERE returned)::INTEGER AS returned,
         count(*) FILTER (WHERE hops > 0)::INTEGER AS rerouted,
         sum(hops)::INTEGER AS hops,
         -- The tickets where the generator's truth and the owner definition disagree (see
         -- docs/metrics.md, "The synthetic district"): its true owner is the request type's
         -- catalog owner even when the ticket never left the department that answered it.
         count(*) FILTER (WHERE misrouted AND true_owner <> 'Technology' AND (len(group_path) = 0
           OR (group_path = ['IT Service Desk'] AND is_question)))::INTEGER AS never_reached_owner
       FROM demo_ground_truth`,
    );
    handle.close();
    expect(truth.tickets).toBe(20_000);
    expect(report.summary.tickets).toBe(truth.tickets);
    expect(report.summary.resolved_elsewhere).toBe(truth.mismatched);
    expect(report.summary.resolved_elsewhere_share).toBe(truth.mismatched / truth.tickets);
    expect(report.summary).toMatchObject({
      owner_basis: 'resolver',
      redirected_tickets: truth.redirected,
      ping_pong_tickets: truth.ping_pong,
      return_tickets: truth.returned,
      rerouted_tickets: truth.rerouted,
      misrouted_tickets: truth.owner_misrouted,
      unmapped_groups: [],
    });
    expect(truth.owner_misrouted).toBe(truth.misrouted - truth.never_reached_owner);
    expect(report.summary.mean_hops * truth.tickets).toBeCloseTo(truth.hops, 6);
    expect(truth.never_reached_owner).toBeGreaterThan(0);
  });

  it('ingests the demo export into the same group paths as the ground truth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-export-'));
    await cli('demo', '--tickets', '3000', '--out', dir);
    const db = join(dir, 'ingested.duckdb');
    const { stderr } = await cli('ingest', join(dir, 'generic-events.csv'), '--db', db);
    expect(stderr).toMatch(/tickets 3000 \(3000 new\).*rows rejected 0/);

    const truth = new Map<string, string>();
    const [header, ...lines] = readFileSync(join(dir, 'ground-truth.csv'), 'utf8').trim().split(/\r?\n/);
    const cols = header.split(',');
    const idCol = cols.indexOf('ticket_id');
    const pathCol = cols.indexOf('group_path');
    for (const line of lines) {
      // Ground-truth rows hold no quoted commas in these two columns (ids and group names).
      const cells = line.split(',');
      truth.set(cells[idCol], cells[pathCol]);
    }
    const handle = await Database.open(db);
    const paths = await handle.all<{ ticket_id: string; path: string }>(
      `WITH ${ticketPathsCte()} SELECT ticket_id, array_to_string(group_path, ' > ') AS path FROM p`,
      { default_landing: 'Technology' },
    );
    handle.close();
    expect(paths).toHaveLength(3000);
    const differing = paths.filter((p) => truth.get(p.ticket_id) !== p.path);
    expect(differing).toEqual([]);
  });

  it('refuses unknown options and bad values with exit status 2', async () => {
    await expect(cli('report', '--colour', 'red')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--colour'/) });
    await expect(cli('demo', '--tickets', 'many')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--tickets must be a whole number/) });
    await expect(cli('frobnicate')).rejects.toMatchObject({ code: 2 });
  });
});

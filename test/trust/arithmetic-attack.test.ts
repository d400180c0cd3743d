/**
 * A department head playing the attacker with arithmetic (docs/security.md, "<5").
 *
 * For every combination of dates (the whole range and each month), schools and request
 * types of a seeded district, the head of one department reads what their role may read
 * and tries the subtractions that would give a withheld count back:
 * - a list of rows that adds up to a total shown elsewhere, with one value withheld: the
 *   total minus the values shown (departments and flows against the summary, a request
 *   type's owners against the type's total, the request types against the summary, the
 *   trend's periods against the summary);
 * - a district total narrowed by filters until few tickets remain: the total minus the
 *   tickets the head sees in full.
 * What "<5" protects is a count under five of which at least one ticket is hidden from
 * the head (a count made only of the head's own tickets is no secret: they see each of
 * them). A leak is a subtraction that gives exactly such a count's true value (read as a
 * leader). Counts of five or more withheld only to protect a small one may be worked out.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { readSettings } from '#core/settings.ts';
import { routingSummary } from '#analysis/routing-summary/routing-summary.ts';
import { departmentFigures } from '#analysis/departments/departments.ts';
import { ownershipGaps } from '#analysis/ownership-gaps/ownership-gaps.ts';
import { trend } from '#analysis/trends/trends.ts';
import { landingFlows } from '#dashboard/server/repositories/ticket-queries.ts';
import type { Filters } from '#analysis/filters/filters.ts';

const { as, db } = useApp(async (d) => {
  await writeDistrictToDatabase(d, { tickets: 500, months: 3, start: '2024-09-01' });
});

type Row = Record<string, unknown>;
const W = '<5';
const HEAD = 'Payroll';

/** One list that adds up to a total: the rows as the head sees them, the truth, the hidden parts. */
interface Relation {
  name: string;
  /** The total as the head sees it ("<5" or a number). */
  total: unknown;
  shown: Row[];
  truth: Row[];
  hidden: Row[];
  /** Matches a row across the three lists. */
  key: (r: Row) => string;
  field: string;
}

/** What one subtraction recovers, if anything: "name: key field = value". */
function recovered(rel: Relation): string | null {
  if (typeof rel.total !== 'number') return null;
  const truthByKey = new Map(rel.truth.map((r) => [rel.key(r), r]));
  // The relation must hold for the attacker's subtraction to be exact.
  const trueSum = rel.truth.reduce((n, r) => n + (r[rel.field] as number), 0);
  if (trueSum !== rel.total) return null;
  const withheld = rel.shown.filter((r) => r[rel.field] === W);
  if (withheld.length !== 1) return null;
  const visible = rel.shown.reduce((n, r) => n + (typeof r[rel.field] === 'number' ? (r[rel.field] as number) : 0), 0);
  const guess = rel.total - visible;
  const key = rel.key(withheld[0]);
  const truth = truthByKey.get(key)?.[rel.field];
  const hidden = rel.hidden.find((r) => rel.key(r) === key)?.[rel.field];
  const secret = typeof truth === 'number' && truth < 5 && typeof hidden === 'number' && hidden > 0;
  return guess === truth && secret ? `${rel.name}: ${key} ${rel.field} = ${guess} (${hidden} hidden)` : null;
}

const query = (f: Filters) => new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined) as [string, string][]).toString();

describe('a department head doing arithmetic on "<5"', () => {
  it('recovers no withheld count by subtraction, for any filter combination', async () => {
    const leader = as('leader');
    const head = as('department_head', [HEAD]);
    const settings = await readSettings(db());
    const options = (await leader.inject('/api/filter-options')).json();
    const departments = (await leader.inject('/api/figures/departments')).json().departments as Row[];
    expect(departments.map((d) => d.department)).toContain(HEAD);
    // A few schools and request types, the smallest among them (fewer tickets, more small cells).
    const schools: (string | undefined)[] = [undefined, ...(options.locations as string[]).slice(0, 3)];
    const types: (string | undefined)[] = [undefined, ...(options.requestTypes as string[]).slice(0, 3)];
    const dates: Filters[] = [{}, { from: '2024-09-01', to: '2024-09-30' }, { from: '2024-10-01', to: '2024-10-31' }, { from: '2024-11-01', to: '2024-11-30' }];

    const leaks: string[] = [];
    let withheldSeen = 0;
    for (const d of dates) {
      for (const location of schools) {
        for (const requestType of types) {
          const filters: Filters = { ...d, ...(location ? { location } : {}), ...(requestType ? { requestType } : {}) };
          const hiddenFilters: Filters = { ...filters, outsideDepartments: [HEAD] };
          const q = query(filters);
          const get = async (who: typeof head, path: string) => {
            const res = await who.inject(`${path}?${q}`);
            expect(res.statusCode, `${path}?${q}`).toBe(200);
            return res.json();
          };
          const [hs, hd, hf, hg, ht] = await Promise.all(['/api/figures/summary', '/api/figures/departments', '/api/figures/flows', '/api/figures/ownership-gaps', '/api/figures/trend'].map((p) => get(head, p)));
          const [ls, ld, lf, lg, lt] = await Promise.all(['/api/figures/summary', '/api/figures/departments', '/api/figures/flows', '/api/figures/ownership-gaps', '/api/figures/trend'].map((p) => get(leader, p)));
          const hiddenSummary = (await routingSummary(db(), hiddenFilters, settings)) as unknown as Row;
          const hiddenDepartments = (await departmentFigures(db(), hiddenFilters, settings)) as unknown as Row[];
          const hiddenFlows = (await landingFlows(db(), hiddenFilters, settings)) as unknown as Row[];
          const hiddenGaps = (await ownershipGaps(db(), hiddenFilters, settings)) as unknown as Row[];
          const hiddenTrend = (await trend(db(), hiddenFilters, settings, 'week')) as unknown as Row[];
          const summary = hs.summary as Row;
          withheldSeen += JSON.stringify([hs, hd, hf, hg, ht]).split(`"${W}"`).length - 1;

          // Narrowed district totals: the total minus what the head sees in full.
          for (const [k, v] of Object.entries(summary)) {
            const h = hiddenSummary[k];
            if (typeof v === 'number' && k in ls.summary && typeof h === 'number' && Number.isInteger(h) && h > 0 && h < 5 && /tickets|misrouted|rerouted|touches/.test(k)) {
              leaks.push(`${q} summary ${k} = ${v} with ${h} hidden`);
            }
          }

          const byDepartment = (r: Row) => String(r.department);
          const relations: Relation[] = [
            ...['tickets_owned', 'tickets_landed'].map((field) => ({ name: 'departments vs summary', total: summary.tickets, shown: hd.departments, truth: ld.departments, hidden: hiddenDepartments, key: byDepartment, field })),
            ...['inbound_misrouted', 'outbound_rerouted'].map((field) => ({ name: 'departments vs summary', total: summary.misrouted_tickets, shown: hd.departments, truth: ld.departments, hidden: hiddenDepartments, key: byDepartment, field })),
            { name: 'flows vs summary', total: summary.tickets, shown: hf.flows, truth: lf.flows, hidden: hiddenFlows, key: (r: Row) => `${r.from} -> ${r.to}`, field: 'tickets' },
            { name: 'request types vs summary', total: summary.tickets, shown: hg.gaps, truth: lg.gaps, hidden: hiddenGaps, key: (r: Row) => String(r.request_type), field: 'tickets' },
            { name: 'weeks vs summary', total: summary.tickets, shown: ht.periods, truth: lt.periods, hidden: hiddenTrend, key: (r: Row) => String(r.period), field: 'tickets' },
            ...(hg.gaps as Row[]).map((gap, i) => {
              const truth = (lg.gaps as Row[]).find((g) => g.request_type === gap.request_type)!;
              const hiddenGap = hiddenGaps.find((g) => g.request_type === gap.request_type);
              return {
                name: `owners of ${gap.request_type} vs its total`, total: (hg.gaps as Row[])[i].tickets,
                shown: gap.owners as Row[], truth: truth.owners as Row[], hidden: (hiddenGap?.owners as Row[] | undefined) ?? [], key: byDepartment, field: 'tickets',
              };
            }),
          ];
          for (const rel of relations) {
            const found = recovered(rel);
            if (found) leaks.push(`${q} ${found}`);
          }
        }
      }
    }
    // The seeded district gives the head plenty of withheld values to attack.
    expect(withheldSeen).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  });
});

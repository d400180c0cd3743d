/**
 * A department's view of the first-landing -> owner flows: where the requests it owns
 * first landed, and where the requests that landed with it belong. Pure arithmetic over
 * the API's flows; the counting itself is the analysis' (the same per-ticket facts), and
 * the department's own figures (owned, inbound and outbound shares) come from
 * /api/figures/departments.
 *
 * A flow into or out of the department is never withheld ("<5" is only for flows between
 * two departments that are not the reader's), so its own counts are exact.
 */
import type { FlowDatum } from './charts/sankey-layout.ts';
import { isWithheld } from '#analysis/report/withheld.ts';

export interface Count {
  department: string;
  tickets: number;
}

export interface DepartmentFlows {
  department: string;
  /** Where the requests it owns first landed, itself included, largest first. */
  firstLandings: Count[];
  /** Where requests that landed with it belonged, elsewhere only, largest first. */
  outboundTo: Count[];
}

const byTickets = (a: Count, b: Count) => b.tickets - a.tickets || a.department.localeCompare(b.department);

export function departmentFlows(flows: FlowDatum[], department: string): DepartmentFlows {
  const counted = (f: FlowDatum): number => (isWithheld(f.tickets) ? 0 : f.tickets);
  return {
    department,
    firstLandings: flows.filter((f) => f.to === department).map((f) => ({ department: f.from, tickets: counted(f) })).sort(byTickets),
    outboundTo: flows.filter((f) => f.from === department && f.to !== department).map((f) => ({ department: f.to, tickets: counted(f) })).sort(byTickets),
  };
}

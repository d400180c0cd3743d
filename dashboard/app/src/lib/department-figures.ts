/**
 * A department's view of the first-landing -> owner flows: where the requests it owns
 * first landed, and where the requests that landed with it belong. Pure arithmetic over
 * the API's flows; the counting itself is the analysis' (the same per-ticket facts).
 *
 * A flow into or out of the department is never withheld ("<5" is only for flows between
 * two departments that are not the reader's), so its own counts are exact. The district
 * count skips withheld flows and says so.
 */
import type { FlowDatum } from './charts/sankey-layout.ts';
import { isWithheld } from '#analysis/report/withheld.ts';

export interface Count {
  department: string;
  tickets: number;
}

export interface DepartmentFigures {
  department: string;
  ownedHere: number;
  inboundFromElsewhere: number;
  /** inboundFromElsewhere / ownedHere (0 when it owns none). */
  inboundShare: number;
  landedHere: number;
  outbound: number;
  outboundShare: number;
  /** Where the requests it owns first landed, itself included, largest first. */
  firstLandings: Count[];
  /** Where requests that landed with it belonged, elsewhere only, largest first. */
  outboundTo: Count[];
  /** Over the flows the reader may count; `withheld` when some were "<5". */
  district: { tickets: number; resolvedElsewhere: number; share: number; withheld: boolean };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const byTickets = (a: Count, b: Count) => b.tickets - a.tickets || a.department.localeCompare(b.department);

export function departmentFigures(flows: FlowDatum[], department: string): DepartmentFigures {
  const sum = (fs: FlowDatum[]) => fs.reduce((s, f) => s + (isWithheld(f.tickets) ? 0 : f.tickets), 0);
  const counted = (f: FlowDatum): number => (isWithheld(f.tickets) ? 0 : f.tickets);
  const into = flows.filter((f) => f.to === department);
  const outOf = flows.filter((f) => f.from === department);
  const ownedHere = sum(into);
  const inboundFromElsewhere = sum(into.filter((f) => f.from !== department));
  const landedHere = sum(outOf);
  const outbound = sum(outOf.filter((f) => f.to !== department));
  const tickets = sum(flows);
  const resolvedElsewhere = sum(flows.filter((f) => f.from !== f.to));
  return {
    department,
    ownedHere,
    inboundFromElsewhere,
    inboundShare: share(inboundFromElsewhere, ownedHere),
    landedHere,
    outbound,
    outboundShare: share(outbound, landedHere),
    firstLandings: into.map((f) => ({ department: f.from, tickets: counted(f) })).sort(byTickets),
    outboundTo: outOf.filter((f) => f.to !== department).map((f) => ({ department: f.to, tickets: counted(f) })).sort(byTickets),
    district: { tickets, resolvedElsewhere, share: share(resolvedElsewhere, tickets), withheld: flows.some((f) => isWithheld(f.tickets)) },
  };
}

/**
 * A department's view of the first-landing -> owner flows: where the requests it owns
 * first landed, and where the requests that landed with it belong. Pure arithmetic over
 * the API's flows; the counting itself is the analysis' (the same per-ticket facts).
 */
import type { FlowDatum } from './charts/sankey-layout.ts';

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
  district: { tickets: number; resolvedElsewhere: number; share: number };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const byTickets = (a: Count, b: Count) => b.tickets - a.tickets || a.department.localeCompare(b.department);

export function departmentFigures(flows: FlowDatum[], department: string): DepartmentFigures {
  const sum = (fs: FlowDatum[]) => fs.reduce((s, f) => s + f.tickets, 0);
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
    firstLandings: into.map((f) => ({ department: f.from, tickets: f.tickets })).sort(byTickets),
    outboundTo: outOf.filter((f) => f.to !== department).map((f) => ({ department: f.to, tickets: f.tickets })).sort(byTickets),
    district: { tickets, resolvedElsewhere, share: share(resolvedElsewhere, tickets) },
  };
}

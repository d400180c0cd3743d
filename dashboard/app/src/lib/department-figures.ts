/**
 * A department's view of the first-landing -> resolver flows: requests it resolved that
 * first landed elsewhere (inbound), requests that landed with it and were resolved
 * elsewhere (outbound), and the district's share beside each. Pure arithmetic over the
 * API's flows; the counting itself is the analysis' (same ticket paths and filters).
 */
import type { FlowDatum } from './charts/sankey-layout.ts';

export interface Count {
  department: string;
  tickets: number;
}

export interface DepartmentFigures {
  department: string;
  resolvedHere: number;
  inboundFromElsewhere: number;
  /** inboundFromElsewhere / resolvedHere (0 when it resolved none). */
  inboundShare: number;
  landedHere: number;
  outbound: number;
  outboundShare: number;
  /** Where the requests it resolved first landed, itself included, largest first. */
  firstLandings: Count[];
  /** Where requests that landed with it were resolved, elsewhere only, largest first. */
  outboundTo: Count[];
  district: { tickets: number; resolvedElsewhere: number; share: number };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const byTickets = (a: Count, b: Count) => b.tickets - a.tickets || a.department.localeCompare(b.department);

export function departmentFigures(flows: FlowDatum[], department: string): DepartmentFigures {
  const sum = (fs: FlowDatum[]) => fs.reduce((s, f) => s + f.tickets, 0);
  const into = flows.filter((f) => f.to === department);
  const outOf = flows.filter((f) => f.from === department);
  const resolvedHere = sum(into);
  const inboundFromElsewhere = sum(into.filter((f) => f.from !== department));
  const landedHere = sum(outOf);
  const outbound = sum(outOf.filter((f) => f.to !== department));
  const tickets = sum(flows);
  const resolvedElsewhere = sum(flows.filter((f) => f.from !== f.to));
  return {
    department,
    resolvedHere,
    inboundFromElsewhere,
    inboundShare: share(inboundFromElsewhere, resolvedHere),
    landedHere,
    outbound,
    outboundShare: share(outbound, landedHere),
    firstLandings: into.map((f) => ({ department: f.from, tickets: f.tickets })).sort(byTickets),
    outboundTo: outOf.filter((f) => f.to !== department).map((f) => ({ department: f.to, tickets: f.tickets })).sort(byTickets),
    district: { tickets, resolvedElsewhere, share: share(resolvedElsewhere, tickets) },
  };
}

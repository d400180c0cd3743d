/**
 * Ownership gaps per request type, recomputed in the browser over the selected rows, as
 * GET /api/figures/ownership-gaps computes them (analysis/ownership-gaps/ownership-gaps.ts,
 * docs/metrics.md "Ownership gaps"): owners and shares, the top owner (ties alphabetical),
 * the normalised entropy, the misroute share, the coordination cost and the gap rule.
 *
 * Sums of hours and money follow the server's exactSum: each value rounded to nine
 * decimals and added exactly (as integers of 1e-9), so the browser's cost is the server's
 * to the last digit rather than a float sum whose last digits depend on the order.
 */
import { compareText, type FactColumns } from './facts-columns';

/** The server's thresholds (analysis/ownership-gaps); test/api/crossfilter.test.ts holds them equal. */
export const GAP_TOP_OWNER_SHARE = 0.7;
export const GAP_MISROUTE_SHARE = 0.3;

export interface GapOwner {
  department: string;
  tickets: number;
  share: number;
}

export interface OwnershipGapRow {
  request_type: string | null;
  tickets: number;
  owners: GapOwner[];
  top_owner: string;
  top_owner_share: number;
  owner_entropy: number;
  misroute_share: number;
  coordination_cost: number;
  declared_owner: string | null;
  gap: boolean;
}

const NANOS = 1e9;

/** A value in units of 1e-9, rounded half away from zero as DuckDB casts DOUBLE to DECIMAL(38, 9). */
function toNanos(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * NANOS);
}

/** exactSum: the sum of values rounded to nine decimals, added exactly, as a DOUBLE. */
export function exactSum(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) {
    sum += toNanos(v);
    if (!Number.isSafeInteger(sum)) {
      let big = 0n;
      for (const w of values) big += BigInt(toNanos(w));
      return Number(big) / NANOS;
    }
  }
  return sum / NANOS;
}

interface TypeTally {
  tickets: number;
  misrouted: number;
  /** Coordination cost in units of 1e-9 (exact while below 2^53, about 9 million in money). */
  costNanos: number;
  declared: string | null;
  byOwner: Map<string, number>;
}

function costsOf(c: FactColumns, rows: Uint32Array, type: string | null): number[] {
  const costs: number[] = [];
  for (const i of rows) if (c.requestType[i] === type) costs.push(c.coordinationCost[i]);
  return costs;
}

/** Every request type among `rows`, ranked by coordination cost, then tickets, then name (no type last). */
export function ownershipGaps(c: FactColumns, rows: Uint32Array): OwnershipGapRow[] {
  const types = new Map<string | null, TypeTally>();
  for (const i of rows) {
    const type = c.requestType[i];
    let t = types.get(type);
    if (!t) types.set(type, (t = { tickets: 0, misrouted: 0, costNanos: 0, declared: null, byOwner: new Map() }));
    t.tickets++;
    if (c.misrouted[i]) t.misrouted++;
    t.costNanos += toNanos(c.coordinationCost[i]);
    t.declared ??= c.declaredOwner[i];
    const owner = c.owner[i] ?? '';
    t.byOwner.set(owner, (t.byOwner.get(owner) ?? 0) + 1);
  }
  const out: OwnershipGapRow[] = [];
  for (const [type, t] of types) {
    const owners = [...t.byOwner]
      .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
      .map(([department, n]) => ({ department, tickets: n, share: n / t.tickets }));
    const h = -exactSum(owners.map((o) => o.share * Math.log(o.share)));
    const topShare = owners[0].tickets / t.tickets;
    const misrouteShare = t.misrouted / t.tickets;
    out.push({
      request_type: type,
      tickets: t.tickets,
      owners,
      top_owner: owners[0].department,
      top_owner_share: topShare,
      owner_entropy: owners.length > 1 ? h / Math.log(owners.length) : 0,
      misroute_share: misrouteShare,
      coordination_cost: Number.isSafeInteger(t.costNanos) ? t.costNanos / NANOS : exactSum(costsOf(c, rows, type)),
      declared_owner: t.declared,
      gap: t.declared === null && (topShare < GAP_TOP_OWNER_SHARE || misrouteShare > GAP_MISROUTE_SHARE),
    });
  }
  return out.sort(
    (a, b) =>
      b.coordination_cost - a.coordination_cost ||
      b.tickets - a.tickets ||
      (a.request_type === null ? 1 : b.request_type === null ? -1 : compareText(a.request_type, b.request_type)),
  );
}

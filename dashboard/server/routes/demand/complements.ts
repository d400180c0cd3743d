/**
 * Complementary withholding for a department head's view of the demand forecast.
 *
 * The department guard turns another department's count under five into "<5" row by row.
 * In this answer the rows add up: the departments' weekly counts sum to the district's week,
 * and their totals to the district's total. With one count withheld in such a group, the
 * district figure minus the others shown gives it back. So where a group has exactly one
 * withheld value of a count, the smallest other value shown of another department is
 * withheld too (and every figure in its row, as the guard does); where no such value is
 * left, the district's own figure is withheld. The forecasts are left as they are: each
 * series is forecast on its own, so they do not add up to the district's forecast.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';

type JsonObject = Record<string, unknown>;

const COUNT_FIELDS = ['tickets_owned', 'inbound_misrouted'] as const;
type CountField = (typeof COUNT_FIELDS)[number];

/** Withholds every number of `row` that is not a count (the guard's rule for a row with a withheld count). */
function withholdFigures(row: JsonObject): void {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'number' && !(COUNT_FIELDS as readonly string[]).includes(k) && k !== 'tickets') row[k] = WITHHELD;
  }
}

/**
 * Makes sure no group of `rows` has exactly one withheld `field`. Rows whose `own(row)` is
 * true are the reader's and never withheld. Returns the rows withheld here; when none could
 * be, calls `withholdMargin` (the total the rows add up to).
 */
export function withholdComplement(rows: JsonObject[], field: CountField, own: (row: JsonObject) => boolean, withholdMargin: () => void): JsonObject[] {
  const withheld = rows.filter((r) => r[field] === WITHHELD);
  if (withheld.length !== 1) return [];
  const shown = rows.filter((r) => !own(r) && typeof r[field] === 'number').sort((a, b) => (a[field] as number) - (b[field] as number));
  if (shown.length === 0) {
    withholdMargin();
    return [];
  }
  const next = shown[0];
  next[field] = WITHHELD;
  withholdFigures(next);
  return [next];
}

interface Block extends JsonObject {
  tickets_owned: unknown;
  inbound_misrouted: unknown;
  history: JsonObject[];
  measures: JsonObject[];
}

/** The measures whose `tickets` is the block's `field` total. */
const MEASURES_OF: Record<CountField, string[]> = {
  tickets_owned: ['tickets_owned'],
  inbound_misrouted: ['inbound_misrouted', 'misrouted_hours'],
};

function withholdTotal(block: JsonObject, field: CountField): void {
  block[field] = WITHHELD;
  for (const m of (block.measures as JsonObject[] | undefined) ?? []) {
    if (MEASURES_OF[field].includes(m.measure as string)) {
      m.tickets = WITHHELD;
      withholdFigures(m);
      for (const c of (m.candidates as JsonObject[] | undefined) ?? []) withholdFigures(c);
    }
  }
}

/** The guarded demand answer with complements withheld for a head of `mine` (changed in place and returned). */
export function withholdDemandComplements<T>(answer: T, mine: readonly string[]): T {
  const a = answer as unknown as { district: Block; departments: (Block & { department: string; request_types: (Block & { request_type: string })[] })[] };
  const own = (row: JsonObject) => typeof row.department === 'string' && mine.includes(row.department);
  const departments = a.departments;
  for (const field of COUNT_FIELDS) {
    // Department totals against the district's.
    for (const row of withholdComplement(departments, field, own, () => withholdTotal(a.district, field))) withholdTotal(row, field);
    // Each week: the departments' rows against the district's week.
    a.district.history.forEach((districtWeek, i) => {
      const rows = departments.map((d) => d.history[i]).filter((r): r is JsonObject => r !== undefined);
      const owners = new Map(rows.map((r, k) => [r, departments[k]]));
      withholdComplement(rows, field, (r) => own(owners.get(r) as JsonObject), () => {
        districtWeek[field] = WITHHELD;
        withholdFigures(districtWeek);
      });
    });
    // A department's request types: when every type is listed they add up to its total.
    for (const d of departments) {
      if (own(d)) continue;
      for (const row of withholdComplement(d.request_types, field, () => false, () => withholdTotal(d, field))) withholdTotal(row, field);
    }
  }
  return answer;
}

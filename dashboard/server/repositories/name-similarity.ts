/**
 * Suggests a department for an unmapped assignment group by the similarity of their names,
 * for the settings page to offer (never applied without a person confirming it).
 *
 * Names are compared as word sets after dropping words that say nothing about the owner
 * ('team', 'desk', 'dept'...), and as character bigrams for abbreviations and plurals:
 * 'Payroll Team' -> 'Payroll' (same word), 'Facility Ops' -> 'Facilities' (bigrams). A
 * group whose words name the same work as the department's (department-vocabulary.ts:
 * 'Benefits' and 'Human Resources', 'HVAC' and 'Facilities & Maintenance') scores 0.8.
 * A name with no word at all, only a code ('Group 73', 'TEAM0008'), is opaque: nothing can
 * be suggested, and it stays a unit of its own.
 */
import { workAreaOf } from './department-vocabulary.ts';

const FILLER = new Set(['team', 'teams', 'group', 'queue', 'dept', 'department', 'office', 'the', 'of', 'and', 'services', 'service', 'tier', 'level']);

function words(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !FILLER.has(w));
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const b = s.slice(i, i + 2);
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of character bigrams, 0..1. */
export function bigramDice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  const total = [...x.values()].reduce((s, n) => s + n, 0) + [...y.values()].reduce((s, n) => s + n, 0);
  if (total === 0) return 0;
  let shared = 0;
  for (const [k, n] of x) shared += Math.min(n, y.get(k) ?? 0);
  return (2 * shared) / total;
}

/** Similarity of a group name and a department name, 0..1. */
export function nameSimilarity(group: string, department: string): number {
  const g = words(group);
  const d = words(department);
  if (!g.length || !d.length) return 0;
  // Each department word is matched by its best group word (exact, prefix, or bigrams).
  const wordScore = (dw: string) =>
    Math.max(...g.map((gw) => (gw === dw ? 1 : gw.length >= 3 && (dw.startsWith(gw) || gw.startsWith(dw)) ? 0.9 : bigramDice(gw, dw))));
  const coverage = d.reduce((s, dw) => s + wordScore(dw), 0) / d.length;
  const whole = bigramDice(g.join(''), d.join(''));
  const departmentAreas = new Set(d.map(workAreaOf).filter((a) => a !== undefined));
  const sameWork = g.some((gw) => departmentAreas.has(workAreaOf(gw) as string)) ? SAME_WORK : 0;
  return Math.max(coverage, whole, sameWork);
}

/** The similarity of names that share no letters but name the same work. */
const SAME_WORK = 0.8;

/**
 * True for a name made only of codes: no word of three or more letters once filler words
 * and digits are set aside, and no short word that names work ('IT', 'HR') either
 * ('Group 73', 'TEAM0008', 'Q-12' are opaque; 'IT', 'XYZ Support' are not).
 */
export function isOpaqueGroupName(name: string): boolean {
  const tokens = name.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 0);
  return !tokens.some((w) => (w.length >= 3 && !FILLER.has(w)) || workAreaOf(w) !== undefined);
}
export interface Suggestion {
  department: string;
  score: number;
}

/** The most similar department, when it is similar enough (score >= 0.5) to suggest. */
export function suggestDepartment(group: string, departments: string[]): Suggestion | null {
  let best: Suggestion | null = null;
  for (const department of departments) {
    const score = nameSimilarity(group, department);
    if (!best || score > best.score) best = { department, score };
  }
  return best && best.score >= 0.5 ? { department: best.department, score: Math.round(best.score * 100) / 100 } : null;
}

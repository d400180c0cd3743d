/**
 * Fix first and what-if (docs/metrics.md, "Fix first and what-if"): the typed loaders over
 * the SQL in ./fix-first-sql.ts. `fixFirst` ranks the candidate actions by their yearly
 * cost effect at their default share; `whatIf` projects a leader's chosen actions and
 * shares. Both read the one projection query, so an action's effect on the list is exactly
 * what the what-if page shows for that action alone.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { ASSUMPTIONS, FIX_FIRST_LIMIT, isActionKind, type ActionKind, type Assumption } from './assumptions.ts';
import { buildCandidatesSql, buildProjectionSql, type Choice } from './fix-first-sql.ts';
import { describeAction, evidenceFilter, evidenceLink, type Candidate } from './wording.ts';

export interface FixFirstAction {
  /** The action in words ("Declare Payroll the owner of ..."). */
  action: string;
  kind: ActionKind;
  /** The request type, theme key or school the action is about. */
  target: string;
  /** The department the action concerns (owner, theme owner, redirect destination); null for a school. */
  concerns_department: string | null;
  /** The tickets in the window behind the action. */
  evidence_tickets: number;
  /** The filters that list those tickets, and the page link that shows them. */
  evidence: { filter: Record<string, string>; link: string };
  yearly_misroutes: number;
  yearly_hours: number;
  yearly_cost: number;
  /** The same at the low and high shares. */
  yearly_hours_low: number;
  yearly_hours_high: number;
  yearly_cost_low: number;
  yearly_cost_high: number;
  assumption: Assumption;
}

export interface Scenario {
  /** Tickets in the window (not scaled). */
  tickets: number;
  misroutes: number;
  coordination_hours: number;
  coordination_cost: number;
  /** Weighted lower median and 90th percentile of hours to owner (docs). */
  median_hours_to_owner: number | null;
  p90_hours_to_owner: number | null;
}

export interface ActionEffect {
  kind: ActionKind;
  target: string;
  evidence_tickets: number;
  share: number;
  low: number;
  high: number;
  yearly_misroutes: number;
  yearly_hours: number;
  yearly_hours_low: number;
  yearly_hours_high: number;
  yearly_cost: number;
  yearly_cost_low: number;
  yearly_cost_high: number;
}

export interface Projection {
  /**
   * The window's first and last creation day (district zone), null with no tickets. Not
   * named from/to: the department guard reads a row with string `from` and `to` as a flow.
   */
  window: { first_day: string | null; last_day: string | null; scale: number };
  today: Scenario;
  projected: Scenario;
  /** Every chosen action at its low share, and at its high share. */
  band: { low_shares: Scenario; high_shares: Scenario };
  /** Each chosen action's own effect (as if chosen alone). */
  actions: ActionEffect[];
}

interface ProjectionRow {
  from_day: string | null;
  to_day: string | null;
  scale: number;
  actions: ActionEffect[] | null;
  scenarios: (Scenario & { scenario: string })[] | null;
}

const EMPTY: Scenario = { tickets: 0, misroutes: 0, coordination_hours: 0, coordination_cost: 0, median_hours_to_owner: null, p90_hours_to_owner: null };

async function project(db: Queryable, settings: Settings, filters: Filters, choices: readonly Choice[], options: MetricOptions): Promise<Projection> {
  const facts = factsSource(filters, settings, await factsFor(db, settings, options));
  const q = buildProjectionSql(facts, choices);
  const [row] = await db.all<ProjectionRow>(q.sql, q.params);
  const scenario = (name: string): Scenario => {
    const found = row.scenarios?.find((s) => s.scenario === name);
    if (!found) return EMPTY;
    const { scenario: _name, ...figures } = found;
    return figures;
  };
  return {
    window: { first_day: row.from_day, last_day: row.to_day, scale: row.scale },
    today: scenario('today'),
    projected: scenario('projected'),
    band: { low_shares: scenario('low_shares'), high_shares: scenario('high_shares') },
    actions: row.actions ?? [],
  };
}

/** A leader's choice: an action and the share of its tickets the fix prevents. */
export interface WhatIfChoice {
  kind: string;
  target: string;
  /** Default: the kind's default share. */
  share?: number;
}

/** What is wrong with a list of choices (unknown kind, share outside its range, a repeat); empty when fine. */
export function checkChoices(choices: readonly WhatIfChoice[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of choices.entries()) {
    if (!isActionKind(c.kind)) {
      errors.push(`actions[${i}].kind '${c.kind}' is not one of ${Object.keys(ASSUMPTIONS).join(', ')}`);
      continue;
    }
    const a = ASSUMPTIONS[c.kind];
    if (c.share !== undefined && !(c.share >= a.low && c.share <= a.high)) {
      errors.push(`actions[${i}].share ${c.share} is outside ${a.low} to ${a.high}, the range assumed for ${c.kind}`);
    }
    const key = JSON.stringify([c.kind, c.target]);
    if (seen.has(key)) errors.push(`actions[${i}] repeats ${c.kind} '${c.target}'`);
    seen.add(key);
  }
  return errors;
}

function toChoice(c: WhatIfChoice): Choice {
  if (!isActionKind(c.kind)) throw new Error(`unknown action kind '${c.kind}' (call checkChoices first)`);
  const a = ASSUMPTIONS[c.kind];
  return { kind: c.kind, target: c.target, share: c.share ?? a.share, low: a.low, high: a.high };
}

/** The projection of the chosen actions over the last 12 months of the tickets in view. */
export async function whatIf(db: Queryable, settings: Settings, filters: Filters, choices: readonly WhatIfChoice[], options: MetricOptions = {}): Promise<Projection> {
  const errors = checkChoices(choices);
  if (errors.length) throw new Error(errors.join('; '));
  return project(db, settings, filters, choices.map(toChoice), options);
}

/** Every candidate action with its wording inputs (before ranking). */
export async function fixFirstCandidates(db: Queryable, settings: Settings, filters: Filters, options: MetricOptions = {}): Promise<Candidate[]> {
  const facts = factsSource(filters, settings, await factsFor(db, settings, options));
  const q = buildCandidatesSql(facts);
  return db.all<Candidate>(q.sql, q.params);
}

/**
 * The ranked fix-first list: every candidate at its default share, by yearly cost (then
 * evidence, kind, target), the first `limit` (default FIX_FIRST_LIMIT; 0 for all).
 */
export async function fixFirst(
  db: Queryable,
  settings: Settings,
  filters: Filters,
  options: MetricOptions & { limit?: number } = {},
): Promise<FixFirstAction[]> {
  const facts = await factsFor(db, settings, options);
  const candidates = await fixFirstCandidates(db, settings, filters, facts);
  const projection = await project(db, settings, filters, candidates.map((c) => toChoice({ kind: c.kind, target: c.target })), facts);
  const effects = new Map(projection.actions.map((a) => [JSON.stringify([a.kind, a.target]), a]));
  const actions = candidates.map((c): FixFirstAction => {
    const e = effects.get(JSON.stringify([c.kind, c.target]));
    if (!e) throw new Error(`no effect computed for ${c.kind} '${c.target}'`);
    const filter = evidenceFilter(c, filters, { from: projection.window.first_day, to: projection.window.last_day });
    return {
      action: describeAction(c),
      kind: c.kind,
      target: c.target,
      concerns_department: c.department,
      evidence_tickets: e.evidence_tickets,
      evidence: { filter, link: evidenceLink(c.kind, filter) },
      yearly_misroutes: e.yearly_misroutes,
      yearly_hours: e.yearly_hours,
      yearly_cost: e.yearly_cost,
      yearly_hours_low: e.yearly_hours_low,
      yearly_hours_high: e.yearly_hours_high,
      yearly_cost_low: e.yearly_cost_low,
      yearly_cost_high: e.yearly_cost_high,
      assumption: { ...ASSUMPTIONS[c.kind] },
    };
  });
  actions.sort((a, b) => b.yearly_cost - a.yearly_cost || b.evidence_tickets - a.evidence_tickets || a.kind.localeCompare(b.kind) || a.target.localeCompare(b.target));
  const limit = options.limit ?? FIX_FIRST_LIMIT;
  return limit > 0 ? actions.slice(0, limit) : actions;
}

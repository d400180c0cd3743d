/**
 * The column scorer: `scoreColumns(headers, rows) -> roles`. For every column it weighs
 * what its name says (column-names.ts) against what its values are (value-kinds.ts, over a
 * sample read by DuckDB), and gives each field the column that fits it best, with the
 * reasons and a confidence. Pure: a sample in, a decision out; the staging reads the file.
 *
 * The rules, in the order they run:
 * - values veto: a time field takes only a column whose values parse as instants; a group
 *   only short labels; a count only small integers. A name never overrides values that
 *   cannot parse. Where every name is silent, values decide alone.
 * - the ticket id is the best-named column that is filled on every row; in an event log it
 *   repeats (a column unique per row is the row's own id, not the ticket's).
 * - the shape follows: rows per ticket > 1 is an event log (long); otherwise one row per
 *   ticket (wide), with a previous-group column, a reassignment count, or only the final
 *   group (a snapshot, whose hops are unknown).
 * - in an event log the event time is the instant that changes within a ticket, and an
 *   instant constant per ticket is its creation time.
 * - two candidates that are twins (1:1 over the sample: 'group' and 'group_id') are one
 *   choice; otherwise a runner-up within MARGIN of the best is a question for the person.
 */
import { GENERIC_FIELDS, type GenericField } from './field-names.ts';
import {
  actorGroupName, groupAfterName, groupBeforeName, groupName, isPersonName, labelName, nameSaysTime, reassignmentCountName,
  ticketIdName, timeName, type TimeField,
} from './column-names.ts';
import { formatLabel, isNumericFormat, slashFormat, valueKind, type InstantFormat } from './value-kinds.ts';

export type Shape = 'events' | 'tickets_previous_group' | 'tickets_reassignment_count' | 'snapshot';

export interface RoleChoice {
  column: string;
  /** 0..1: how sure the choice is (name and values agreeing, margin over the runner-up). */
  confidence: number;
  reasons: string[];
  /** Time fields: the format the column's values parse in. */
  format?: InstantFormat;
  runnerUp?: { column: string; reason: string };
  /** Given by the person (--field, the upload page or a saved mapping). */
  given?: boolean;
}

export interface Question {
  field: GenericField;
  /** The column it would use, if any. */
  column?: string;
  reason: string;
  candidates: { column: string; reason: string }[];
  /** One line: "event time: 'Changed' (values are instants) or 'Logged' (...)? pass --field event_at=COLUMN". */
  text: string;
}

export interface ColumnRoles {
  shape: Shape;
  roles: Partial<Record<GenericField, RoleChoice>>;
  /** How the reassignment count counts: reassignments (hops) or stations (groups = hops + 1). */
  countIs?: 'reassignments' | 'stations';
  questions: Question[];
  notes: string[];
  /**
   * A changed-field log (RT transactions, audit tables): one old/new value pair for every
   * field, with `column` naming the field changed; only rows where it is `value` (a group
   * field: 'Queue', 'Assignment group') are group changes.
   */
  changeField?: { column: string; value: string };
  /**
   * No column's values are a creation or event time, but one is named like it: its values
   * are in a format the detection does not read (a date-format problem, not a file that is
   * no ticket export).
   */
  unreadTime?: { field: 'created_at' | 'event_at'; column: string; reason: string };
}

/** Below this a choice is a question; also a runner-up within MARGIN of the best is one. */
export const CONFIDENCE_THRESHOLD = 0.5;
const MARGIN = 0.1;

const FIELD_LABELS: Partial<Record<GenericField, string>> = {
  ticket_id: 'ticket id', event_at: 'event time', created_at: 'creation time', group: 'group',
  group_before: 'previous group', group_after: 'new group', reassignment_count: 'reassignment count',
  resolved_at: 'resolution time', closed_at: 'closing time',
};
export const fieldLabel = (f: GenericField) => FIELD_LABELS[f] ?? f.replace('_', ' ');

interface Profile {
  name: string;
  index: number;
  values: (string | null)[];
  filled: number;
  distinct: number;
  avgLength: number;
  /** Every value one unbroken token (a code or name, however long), never words of prose. */
  oneToken: boolean;
  integers: number;
  smallIntegers: number;
  instants: number;
  dateOnly: number;
  format?: InstantFormat;
  booleans: number;
  /** Numeric instants on more than one scale (serial days and epoch seconds): not one clock. */
  mixedScales?: InstantFormat[];
}

function isFilled(v: string | null | undefined): v is string {
  return v !== null && v !== undefined && v.trim() !== '' && v.trim() !== '?';
}

/** Counts what the column's values are. */
export function profileColumn(name: string, index: number, values: (string | null)[]): Profile {
  const filledValues = values.filter(isFilled).map((v) => v.trim());
  const numericTimes = nameSaysTime(name);
  const formats = new Map<string, number>();
  const dateOnlyBy = new Map<string, number>();
  let instants = 0;
  let dateOnly = 0;
  let unset = 0;
  let md = 0;
  let dm = 0;
  for (const v of filledValues) {
    const k = valueKind(v, numericTimes);
    if (k.unset) unset++;
    if (!k.format) continue;
    instants++;
    if (k.dateOnly) {
      dateOnly++;
      dateOnlyBy.set(k.format, (dateOnlyBy.get(k.format) ?? 0) + 1);
    }
    formats.set(k.format, (formats.get(k.format) ?? 0) + 1);
    const order = (k as { slashOrder?: string }).slashOrder;
    if (order === 'md') md++;
    if (order === 'dm') dm++;
  }
  // Bare numbers are dates only on one scale: a column mixing serial days and epoch seconds
  // holds numbers whose meaning the values cannot settle, so none of them counts as an instant.
  const scales = [...formats.keys()].filter(isNumericFormat);
  const mixedScales = scales.length > 1 ? scales : undefined;
  if (mixedScales) {
    for (const f of mixedScales) {
      instants -= formats.get(f)!;
      dateOnly -= dateOnlyBy.get(f) ?? 0;
      formats.delete(f);
    }
  }
  // The column's format is its most common one; date-only values of the same family parse with it.
  let format = [...formats.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (format?.startsWith('slash')) {
    const timed = [...formats.keys()].filter((f) => f.startsWith('slash ')).sort((a, b) => formats.get(b)! - formats.get(a)!)[0];
    format = slashFormat(timed ?? format, dm > md);
    instants = [...formats.entries()].filter(([f]) => f.startsWith('slash')).reduce((s, [, n]) => s + n, 0);
  }
  const filled = filledValues.length - unset;
  const ints = filledValues.filter((v) => /^-?\d+$/.test(v));
  return {
    name, index, values,
    filled,
    distinct: new Set(filledValues).size,
    avgLength: filledValues.length ? filledValues.reduce((s, v) => s + v.length, 0) / filledValues.length : 0,
    oneToken: filledValues.length > 0 && filledValues.every((v) => !/\s/.test(v)),
    integers: ints.length,
    smallIntegers: ints.filter((v) => Number(v) >= 0 && Number(v) <= 100).length,
    instants, dateOnly, format,
    booleans: filledValues.filter((v) => /^(true|false|yes|no|y|n|t|f)$/i.test(v)).length,
    ...(mixedScales ? { mixedScales } : {}),
  };
}

interface Candidate {
  p: Profile;
  score: number;
  reasons: string[];
}

/** Whether two columns are twins over the sample: each value of one always goes with the same value of the other, both ways. */
function twins(a: Profile, b: Profile): boolean {
  const ab = new Map<string, string>();
  const ba = new Map<string, string>();
  let pairs = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i];
    const y = b.values[i];
    if (!isFilled(x) || !isFilled(y)) continue;
    pairs++;
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return pairs > 0;
}

/** Whether two columns hold the same value on every row (a duplicated column). */
function sameValues(a: Profile, b: Profile): boolean {
  return a.values.every((v, i) => (isFilled(v) ? v.trim() : '') === (isFilled(b.values[i]) ? b.values[i]!.trim() : ''));
}

const share = (n: number, p: Profile) => (p.filled ? n / p.filled : 0);
/** Most values parse as instants: all but a few when the name is silent, a majority when it names a time (the rest are rejected rows). */
const isInstantColumn = (p: Profile) => p.filled > 0 && share(p.instants, p) >= (nameSaysTime(p.name) ? 0.5 : 0.8);
const isNumeric = (p: Profile) => p.filled > 0 && share(p.integers, p) === 1;

function rank(cands: Candidate[]): Candidate[] {
  return cands.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || a.p.index - b.p.index);
}

export interface ScoreOptions {
  /** Fields the person answered: field -> column ('' = the file has none). */
  answers?: Partial<Record<GenericField, string>>;
}

export function scoreColumns(headers: string[], rows: (string | null)[][], options: ScoreOptions = {}): ColumnRoles {
  const answers = options.answers ?? {};
  const profiles = headers.map((h, i) => profileColumn(h, i, rows.map((r) => r[i] ?? null)));
  const used = new Set<string>();
  const roles: Partial<Record<GenericField, RoleChoice>> = {};
  const questions: Question[] = [];
  const notes: string[] = [];
  const byName = new Map(profiles.map((p) => [p.name, p]));

  /** Takes the best candidate for `field`, or records the question; answers win. */
  const decide = (field: GenericField, cands: Candidate[], opts: { required?: boolean; ask?: boolean; format?: (p: Profile) => string | undefined } = {}) => {
    if (field in answers) {
      const column = answers[field]!;
      if (column === '') return undefined;
      const p = byName.get(column);
      if (!p) return undefined; // checked against the header by the caller
      used.add(column);
      roles[field] = { column, confidence: 1, reasons: ['given'], given: true, format: opts.format?.(p) };
      return roles[field];
    }
    const ranked = rank(cands.filter((c) => !used.has(c.p.name)));
    const [best, second] = ranked;
    if (!best) return undefined;
    // Twins are one choice for ids and labels; two instant columns are never the same time.
    const timeField = field === 'event_at' || field === 'created_at' || field === 'resolved_at' || field === 'closed_at';
    const rival = ranked.slice(1).find((c) => (timeField ? !sameValues(best.p, c.p) : !twins(best.p, c.p)));
    const margin = rival ? best.score - rival.score : best.score;
    const confidence = Math.min(1, best.score) * (rival && margin < MARGIN ? 0.5 : 1);
    const choice: RoleChoice = {
      column: best.p.name, confidence: Math.round(confidence * 100) / 100, reasons: best.reasons,
      format: opts.format?.(best.p),
      ...(second ? { runnerUp: { column: second.p.name, reason: second.reasons.join('; ') } } : {}),
    };
    if (opts.ask !== false && (confidence < CONFIDENCE_THRESHOLD || (rival && margin < MARGIN))) {
      const alts = [best, ...(rival && margin < MARGIN ? [rival] : [])];
      questions.push(question(field, best.p.name, alts));
      if (!opts.required) return undefined;
    }
    used.add(best.p.name);
    roles[field] = choice;
    return choice;
  };

  // The ticket id: filled on (nearly) every row, not a time, not long text.
  const idCands = profiles.map((p) => {
    const n = ticketIdName(p.name);
    let score = n.score;
    const reasons = n.why ? [n.why] : [];
    // Filled on (nearly) every row; a plainly named id may have a few empty rows, which are rejected.
    const filledShare = share(p.filled, { ...p, filled: rows.length });
    if (filledShare < (n.score >= 0.9 ? 0.5 : 0.9) || isInstantColumn(p) || p.avgLength > 40) score = 0;
    return { p, score, reasons };
  });
  // In an event log the ticket id repeats; a column unique on every row is the row's own id.
  const repeating = idCands.filter((c) => c.score >= 0.5 && c.p.distinct < 0.85 * c.p.filled && (c.p.distinct > 12 || c.p.distinct >= 0.2 * c.p.filled));
  for (const c of idCands) {
    if (repeating.length && c.p.distinct === c.p.filled && c.score > 0 && c.score < 1 && !repeating.includes(c)) {
      c.score = Math.min(c.score, 0.3);
      c.reasons.push('unique on every row: the row\'s own id');
    }
    if (c.score > 0) c.reasons.push(c.p.distinct < c.p.filled ? `${c.p.distinct} tickets over ${c.p.filled} rows` : 'one value per row');
  }
  const ticket = decide('ticket_id', idCands, { required: true });
  const ticketValues = ticket ? byName.get(ticket.column)!.values : [];
  const ticketCount = new Set(ticketValues.filter(isFilled)).size;
  const filledTicketRows = ticketValues.filter(isFilled).length;
  const long = ticketCount > 0 && filledTicketRows >= 1.15 * ticketCount;

  // Instants: constant within a ticket (a creation time) or changing (an event time).
  const varies = (p: Profile) => {
    const seen = new Map<string, string>();
    let multi = 0;
    let changed = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const t = ticketValues[i];
      const v = p.values[i];
      if (!isFilled(t) || !isFilled(v)) continue;
      if (seen.has(t)) {
        multi++;
        if (seen.get(t) !== v) changed.add(t);
      } else seen.set(t, v);
    }
    return multi ? changed.size / new Set([...seen.keys()].filter((t) => ticketValues.filter((x) => x === t).length > 1)).size : 0;
  };
  const instantCols = profiles.filter((p) => !used.has(p.name) && (isInstantColumn(p) || p.filled === 0));
  const timeCand = (field: TimeField) =>
    instantCols.map((p) => {
      const n = timeName(p.name, field);
      const reasons: string[] = [];
      let score = n.score;
      if (n.why) reasons.push(n.why);
      if (p.filled === 0) {
        // An empty column has no values to contradict its name.
        score = n.score >= 0.9 && (field === 'resolved_at' || field === 'closed_at') ? n.score - 0.1 : 0;
        if (score) reasons.push('empty in the sample');
        return { p, score, reasons };
      }
      reasons.push(`values are instants (${p.format})`);
      const dateOnly = share(p.dateOnly, p) > 0.5;
      if (dateOnly) {
        score -= 0.3;
        reasons.push('dates without a time');
      }
      if (field === 'event_at' || field === 'created_at') {
        if (long) {
          const v = varies(p);
          if (field === 'event_at') {
            score = n.score === 0 && timeName(p.name, 'created_at').score === 0 ? (v > 0.5 ? 0.6 : 0) : score;
            if (v > 0.5) {
              score = Math.max(score, 0.6) + 0.2;
              reasons.push('changes within a ticket');
            } else score = 0;
          } else if (v <= 0.05) {
            score = Math.max(score, 0.4) + 0.1;
            reasons.push('constant within a ticket');
          } else score = 0;
        } else if (field === 'created_at' && n.score === 0 && timeName(p.name, 'event_at').score < 0.9 && !/\b(due|last)\b/i.test(p.name)) {
          score = earliest(p) ? 0.55 : 0.2;
          reasons.push(earliest(p) ? 'the earliest date on most rows' : 'an instant, name silent');
        } else if (field === 'created_at' && score > 0 && earliest(p)) {
          score += 0.1;
          reasons.push('the earliest date on most rows');
        }
      }
      return { p, score, reasons };
    });
  /** Whether the column holds the earliest instant of the row on most rows (creation comes first). */
  const earliest = (p: Profile) => {
    const others = instantCols.filter((o) => o !== p && o.filled > 0 && o.format === p.format);
    if (!others.length) return true;
    let first = 0;
    let compared = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = p.values[i];
      if (!isFilled(v) || p.format !== 'iso') continue;
      const ov = others.map((o) => o.values[i]).filter(isFilled);
      if (!ov.length) continue;
      compared++;
      if (ov.every((o) => Date.parse(o) >= Date.parse(v))) first++;
    }
    return compared > 0 && first / compared >= 0.8;
  };
  const fmt = (p: Profile) => p.format;
  if (long) decide('event_at', timeCand('event_at'), { required: true, format: fmt });
  decide('created_at', timeCand('created_at'), { required: !long, format: fmt });
  // An event log whose one time column is named like creation ('Opened' on every row): a
  // ticket's creation is its earliest event.
  if (long && !roles.created_at && roles.event_at && timeName(roles.event_at.column, 'created_at').score > 0 && !questions.some((q) => q.field === 'created_at')) {
    roles.created_at = { ...roles.event_at, reasons: [...roles.event_at.reasons, "a ticket's earliest is its creation"] };
  }
  decide('resolved_at', timeCand('resolved_at'), { ask: false, format: fmt });
  decide('closed_at', timeCand('closed_at'), { ask: false, format: fmt });

  // Labels: short, repeated values, not times; a group is a routing unit, so it varies.
  // Length tells prose from labels; a value with no space in it is no prose, however long
  // (a pasted or generated name), so only its repetition can rule it out.
  const labelLike = (p: Profile) =>
    p.filled > 0 && !isInstantColumn(p) && (p.avgLength <= 60 || p.oneToken) && p.distinct <= Math.max(12, 0.6 * p.filled) && p.distinct >= 1;
  const fill = (p: Profile) => share(p.filled, { ...p, filled: rows.length });
  if (long) {
    // An event log that names the group moved to ('group_after', 'new group'), the previous one,
    // and the group of whoever acted ('actor_group', 'user group'): each its own field.
    const named = (field: GenericField, score: (name: string) => number) =>
      decide(field, profiles.map((p) => ({ p, score: labelLike(p) && score(p.name) >= 0.9 ? score(p.name) : 0, reasons: [`named like the ${fieldLabel(field)}`] })), { ask: false });
    if (named('group_after', (n) => groupAfterName(n).score)) named('group_before', (n) => groupBeforeName(n).score);
    named('actor_group', actorGroupName);
  }
  // A changed-field log: the old/new pair is a group change only on rows whose field column
  // names a group field (its value reads like a group: 'Queue', 'Assignment group').
  let changeField: ColumnRoles['changeField'];
  if (long && roles.group_after && roles.group_before) {
    for (const p of profiles) {
      // The column names which field changed ('Field', 'fieldname', 'Attribute').
      if (used.has(p.name) || !labelLike(p) || !/field|attribute|campo|column/i.test(p.name)) continue;
      const value = [...new Set(p.values.filter(isFilled).map((v) => v.trim()))].find((v) => groupName(v).score >= 0.9);
      if (value && p.values.some((v) => isFilled(v) && v.trim() !== value)) {
        changeField = { column: p.name, value };
        used.add(p.name);
        notes.push(`changed-field log: only rows where '${p.name}' is '${value}' change the group`);
        break;
      }
    }
  }
  const groupNamed = profiles.filter((p) => !used.has(p.name) && groupName(p.name).score >= 0.3 && labelLike(p)).length;
  const groupCands = profiles.map((p) => {
    const n = groupName(p.name);
    let score = n.score;
    const reasons = n.why ? [n.why] : [];
    // One label only is a routing unit when the name says so (a single ticket's file); else a constant.
    if (!labelLike(p) || (p.distinct < 2 && n.score < 0.9) || score < 0.3) score = 0;
    else {
      // Of several group-like columns, a mostly empty one ('Team Assigned' beside 'Department') is a side field.
      if (groupNamed > 1) {
        score *= Math.min(1, 0.3 + fill(p));
        if (fill(p) < 0.2) score = Math.min(score, 0.3);
      }
      reasons.push(`${p.distinct} labels`);
      if (isNumeric(p)) reasons.push('numeric codes');
    }
    return { p, score, reasons };
  });
  // A single label is the group only where no other group-named column varies (a one-ticket file).
  if (groupCands.some((c) => c.score > 0 && c.p.distinct >= 2)) for (const c of groupCands) if (c.p.distinct < 2) c.score = 0;
  // Twins ('group' and 'group_id'): the readable one.
  const rankedGroups = rank(groupCands);
  if (rankedGroups.length > 1 && twins(rankedGroups[0].p, rankedGroups[1].p) && isNumeric(rankedGroups[0].p) && !isNumeric(rankedGroups[1].p)) {
    [rankedGroups[0].score, rankedGroups[1].score] = [rankedGroups[1].score, rankedGroups[0].score + 0.01];
  }
  const group = decide('group', groupCands);
  if (!group && !roles.group_after && !('group' in answers) && !questions.some((q) => q.field === 'group')) {
    // No column is named like a group: a label column may still be the routing unit
    // (Jitbit routes by category), which only the person can say.
    const labels = profiles.filter((p) => !used.has(p.name) && labelLike(p) && !isPersonName(p.name) && p.distinct >= 3 && !isNumeric(p) && fill(p) >= 0.8
      && labelName(p.name, 'status').score === 0 && labelName(p.name, 'event_kind').score === 0 && labelName(p.name, 'actor').score === 0
      && labelName(p.name, 'requester').score === 0 && labelName(p.name, 'subject').score === 0);
    if (labels.length) {
      questions.push({
        field: 'group', reason: 'no column is named like a group, team or queue',
        candidates: labels.map((p) => ({ column: p.name, reason: `${p.distinct} labels` })),
        text: `group: no column is named like a group, team or queue; ${labels.map((p) => `'${p.name}' (${p.distinct} labels)`).join(' or ')} may be how tickets are routed? pass --field group=COLUMN, or --field group= for none`,
      });
    }
  }

  // The previous group: named so, and its values are groups of the group column.
  if (group && !roles.group_before) {
    const groupValues = new Set(byName.get(group.column)!.values.filter(isFilled).map((v) => v.trim()));
    const beforeCands = profiles.map((p) => {
      const n = groupBeforeName(p.name);
      const vals = p.values.filter(isFilled).map((v) => v.trim());
      const overlap = vals.length ? vals.filter((v) => groupValues.has(v)).length / vals.length : 0;
      // Named the previous group outright, short labels will do; a bare 'From' must share the groups' values.
      const score = n.score > 0 && (overlap >= 0.5 || (n.score >= 0.9 && (vals.length === 0 || labelLike(p)))) ? n.score : 0;
      return { p, score, reasons: [n.why, `${Math.round(overlap * 100)}% of its values are groups`] };
    });
    decide('group_before', beforeCands, { ask: false });
  }
  const countCands = profiles.map((p) => {
    const n = reassignmentCountName(p.name);
    const ok = p.filled > 0 && share(p.smallIntegers, p) >= 0.95;
    return { p, score: ok ? n.score : 0, reasons: [n.why, 'small whole numbers'], stations: n.stations };
  });
  const count = long ? undefined : decide('reassignment_count', countCands, { ask: false });
  const countIs = count ? (countCands.find((c) => c.p.name === count.column)!.stations ? 'stations' : 'reassignments') : undefined;

  // Labels and text, named only; event kinds and statuses are told apart by their values.
  if (long) {
    // The source's own order of events (a sequence, an activity number): whole numbers.
    decide('event_seq', profiles.map((p) => {
      const n = labelName(p.name, 'event_seq');
      return { p, score: p.filled > 0 && share(p.integers, p) >= 0.95 ? n.score : 0, reasons: n.why ? [n.why, 'whole numbers'] : [] };
    }), { ask: false });
  }
  for (const field of ['event_kind', 'status', 'actor', 'requester', 'subject', 'description', 'resolution_code', 'resolution_text', 'knowledge_article', 'subcategory', 'category', 'channel', 'location', 'automated', 'sensitive', 'event_detail'] as const) {
    if (field === 'event_kind' && !long) continue;
    if (field === 'event_detail' && !long) continue;
    const cands = profiles.map((p) => {
      let n = labelName(p.name, field);
      if (p.filled === 0 || isInstantColumn(p)) n = { score: 0, why: '' };
      if ((field === 'automated' || field === 'sensitive') && share(p.booleans, p) < 0.9) n = { score: 0, why: '' };
      // In an event log a status column whose values move tickets between groups is the activity.
      if (long && (field === 'event_kind' || field === 'status') && labelName(p.name, 'status').score > 0) {
        const activity = p.values.some((v) => isFilled(v) && /as+ign|transfer|rout|escalat|reasig|deriv/i.test(v));
        if (activity && field === 'event_kind') n = { score: 0.8, why: 'a status column whose values are activities (assigned, transferred...)' };
        if (activity && field === 'status') n = { score: 0, why: '' };
      }
      return { p, score: n.score, reasons: n.why ? [n.why] : [] };
    });
    decide(field, cands, { ask: false });
  }
  // An event log without an activity column: its free text describes each event.
  if (long && !roles.event_kind && roles.description && !roles.event_detail) {
    roles.event_detail = roles.description;
    delete roles.description;
  }
  if (long && roles.group && !roles.event_kind) notes.push('no activity column: a row names the group holding the ticket then');
  for (const f of GENERIC_FIELDS) if (roles[f] && !roles[f]!.given && roles[f]!.confidence < 1) notes.push(`${fieldLabel(f)}: '${roles[f]!.column}' (${roles[f]!.reasons.join('; ')})`);

  // No time column, but one named like the creation or event time: its values are the
  // trouble (a format not read, numbers on two scales), which the refusal should say.
  let unreadTime: ColumnRoles['unreadTime'];
  if (!roles.created_at && !roles.event_at && !questions.some((q) => q.field === 'created_at' || q.field === 'event_at')) {
    for (const field of ['created_at', 'event_at'] as const) {
      const p = profiles.find((x) => !used.has(x.name) && x.filled > 0 && !(field in answers) && timeName(x.name, field).score >= 0.9);
      if (!p) continue;
      const example = p.values.find((v) => isFilled(v) && !valueKind(v, nameSaysTime(p.name)).format) ?? p.values.find(isFilled)!;
      const reason = p.mixedScales
        ? `its numbers mix ${p.mixedScales.map((f) => formatLabel(f).replace(/ \(.*\)$/, '')).join(' and ')}`
        : `${p.filled - p.instants} of ${p.filled} sampled values are not dates and times, such as '${example.trim()}'`;
      unreadTime = { field, column: p.name, reason };
      break;
    }
  }

  const shape: Shape = long
    ? 'events'
    : roles.group_before
      ? 'tickets_previous_group'
      : roles.reassignment_count
        ? 'tickets_reassignment_count'
        : 'snapshot';
  return { shape, roles, ...(countIs ? { countIs } : {}), ...(changeField ? { changeField } : {}), ...(unreadTime ? { unreadTime } : {}), questions, notes };
}

function question(field: GenericField, column: string, alts: Candidate[]): Question {
  const label = fieldLabel(field);
  const said = (c: Candidate) => `'${c.p.name}' (${c.reasons.join('; ') || 'no reason'})`;
  const text =
    alts.length > 1
      ? `${label}: ${said(alts[0])} or ${said(alts[1])}? pass --field ${field}=COLUMN`
      : `${label}: ${said(alts[0])}, but not sure? pass --field ${field}=COLUMN`;
  return {
    field, column, reason: alts.length > 1 ? 'two columns fit about as well' : 'the best column fits only weakly',
    candidates: alts.map((c) => ({ column: c.p.name, reason: c.reasons.join('; ') })), text,
  };
}

/** The fields the column names alone suggest, in field order: for detection's reason, before any value is read. */
export function namedFields(headers: string[]): GenericField[] {
  const best = (score: (h: string) => number) => headers.some((h) => score(h) >= 0.5);
  const found = new Set<GenericField>();
  if (best((h) => ticketIdName(h).score)) found.add('ticket_id');
  for (const f of ['event_at', 'created_at', 'resolved_at', 'closed_at'] as const) if (best((h) => timeName(h, f).score)) found.add(f);
  if (best((h) => groupName(h).score)) found.add('group');
  if (best((h) => groupBeforeName(h).score)) found.add('group_before');
  if (best((h) => reassignmentCountName(h).score)) found.add('reassignment_count');
  for (const f of ['event_kind', 'status', 'actor', 'requester', 'subject', 'description', 'category', 'channel', 'location'] as const) {
    if (best((h) => labelName(h, f).score)) found.add(f);
  }
  // A name is read once: 'Opened' is a creation time, not also an event time.
  const claimed = new Set<string>();
  return GENERIC_FIELDS.filter((f) => found.has(f)).filter((f) => {
    const h = headers.find((x) => fieldNameScore(f, x) >= 0.5 && !claimed.has(x));
    if (!h) return false;
    claimed.add(h);
    return true;
  });
}

function fieldNameScore(f: GenericField, h: string): number {
  if (f === 'ticket_id') return ticketIdName(h).score;
  if (f === 'event_at' || f === 'created_at' || f === 'resolved_at' || f === 'closed_at') {
    // The creation-named column is the creation time's first.
    return f === 'event_at' && timeName(h, 'created_at').score > 0 ? 0 : timeName(h, f).score;
  }
  if (f === 'group') return groupName(h).score;
  if (f === 'group_before') return groupBeforeName(h).score;
  if (f === 'reassignment_count') return reassignmentCountName(h).score;
  return labelName(h, f).score;
}

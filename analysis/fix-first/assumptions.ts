/**
 * The four kinds of fix-first action and the assumption each states: the share of its
 * tickets a fix actually prevents (a default and a low/high range), plus the thresholds
 * that make something a candidate at all (docs/metrics.md, "Fix first and what-if").
 *
 * The shares are assumptions, not measurements: nothing in a helpdesk export says how many
 * misroutes a declared owner or a published answer would have prevented. They are kept in
 * one table so the ranking, the what-if page's sliders and the report read the same values.
 */

export const ACTION_KINDS = ['declare_owner', 'publish_answer', 'redirect_system', 'school_front_door'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface Assumption {
  /** The default share of the action's tickets a fix prevents. */
  share: number;
  low: number;
  high: number;
}

export const ASSUMPTIONS: Record<ActionKind, Assumption> = {
  // A declared owner with a direct route: most misroutes of the type stop, some requesters
  // still pick the wrong door.
  declare_owner: { share: 0.6, low: 0.4, high: 0.8 },
  // A published answer deflects a minority of questions (people still ask).
  publish_answer: { share: 0.3, low: 0.15, high: 0.5 },
  // A form or portal category that sends the type to the system owning it.
  redirect_system: { share: 0.5, low: 0.3, high: 0.7 },
  // Training and signage at one school's front door.
  school_front_door: { share: 0.5, low: 0.25, high: 0.75 },
};

/** An action is listed only when at least this many tickets in the window are behind it. */
export const MIN_EVIDENCE_TICKETS = 5;
/** A school is a front-door candidate with at least this many tickets in the window... */
export const MIN_SCHOOL_TICKETS = 20;
/** ...and a misroute share at least this many times the district's... */
export const SCHOOL_SHARE_RATIO = 1.5;
/** ...and at least this far above it (absolute). */
export const SCHOOL_SHARE_MARGIN = 0.1;
/** How many actions fix-first lists by default (the report, the overview). */
export const FIX_FIRST_LIMIT = 10;

export function isActionKind(kind: string): kind is ActionKind {
  return (ACTION_KINDS as readonly string[]).includes(kind);
}

/**
 * A fix-first action in words, and the filters that list the tickets behind it: pure
 * functions over a candidate row (./fix-first-sql.ts buildCandidatesSql), kept apart from
 * the SQL so the wording can change without touching a figure.
 *
 * The evidence filters are the dashboard's own (the ticket list's `misrouted`,
 * `redirected`, `requestType`, `location`, and the window's days), so the link lists exactly
 * the tickets counted. A theme has no ticket-list filter: its link opens the missing-answers
 * page on the theme's request type and days, where the theme is listed.
 */
import type { Filters } from '../filters/filters.ts';
import type { ActionKind } from './assumptions.ts';

export interface Candidate {
  kind: ActionKind;
  target: string;
  evidence_tickets: number;
  department: string | null;
  theme_request_type: string | null;
  theme_key_phrase: string | null;
  school_tickets: number | null;
  school_misroute_share: number | null;
  district_misroute_share: number;
}

const percent = (x: number | null) => `${((x ?? 0) * 100).toFixed(1)} %`;

export function describeAction(c: Candidate): string {
  switch (c.kind) {
    case 'declare_owner':
      return `Declare ${c.department ?? 'an owner'} the owner of "${c.target}" and route it there directly`;
    case 'publish_answer': {
      const phrase = c.theme_key_phrase ? `"${c.theme_key_phrase}"` : '(no key words)';
      return `Publish an answer for ${c.theme_request_type ?? '(no request type)'}: ${phrase}`;
    }
    case 'redirect_system':
      return `Send "${c.target}" requests straight to ${c.department ?? 'the department that owns them'} (its own form or portal category)`;
    case 'school_front_door':
      return `Fix the front door at ${c.target}: ${percent(c.school_misroute_share)} misrouted against the district's ${percent(c.district_misroute_share)}`;
  }
}

/** The filters that list the action's tickets: the caller's filters, the window's days and the action's own. */
export function evidenceFilter(c: Candidate, filters: Filters, window: { from: string | null; to: string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (typeof v === 'string' && v !== '') out[k] = v;
  if (window.from) out.from = window.from;
  if (window.to) out.to = window.to;
  switch (c.kind) {
    case 'declare_owner':
      return { ...out, requestType: c.target, misrouted: 'true' };
    case 'redirect_system':
      return { ...out, requestType: c.target, redirected: 'true' };
    case 'school_front_door':
      return { ...out, location: c.target, misrouted: 'true' };
    case 'publish_answer':
      return c.theme_request_type === null ? out : { ...out, requestType: c.theme_request_type };
  }
}

/** The dashboard page that lists them. */
export function evidenceLink(kind: ActionKind, filter: Record<string, string>): string {
  const page = kind === 'publish_answer' ? '/answers' : '/tickets';
  return `${page}?${new URLSearchParams(filter).toString()}`;
}

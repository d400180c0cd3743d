/**
 * The canonical ticket model as TypeScript types: what every connector produces and what
 * the ingest writes into DuckDB (see docs/data-model.md and db/migrations/).
 */

export const EVENT_KINDS = ['assignment', 'status', 'comment', 'note', 'resolution'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface CanonicalTicket {
  source: string;
  ticketId: string;
  createdAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  status: string | null;
  category: string | null;
  subcategory: string | null;
  channel: string | null;
  location: string | null;
  subject: string | null;
  description: string | null;
  requester: string | null;
  resolutionCode: string | null;
  resolutionText: string | null;
  knowledgeArticle: string | null;
  sensitive: boolean;
}

export interface CanonicalEvent {
  source: string;
  ticketId: string;
  seq: number;
  at: Date;
  kind: EventKind;
  groupBefore: string | null;
  groupAfter: string | null;
  actor: string | null;
  actorGroup: string | null;
  automated: boolean;
  detail: string | null;
}

/** A request type is the category, qualified by the subcategory where there is one. */
export function requestTypeOf(category: string | null, subcategory: string | null): string | null {
  if (!category) return subcategory || null;
  return subcategory ? `${category} / ${subcategory}` : category;
}

/**
 * Zendesk's JSON export shapes, by their documented wrappers and keys:
 * tickets ({"tickets": [...]} from the Tickets or Incremental Tickets API, or the account
 * export's one ticket per line), ticket audits ({"audits": [{"events": [...]}]}),
 * incremental ticket events ({"ticket_events": [{"child_events": [...]}]}) and ticket
 * metrics ({"ticket_metrics": [{"group_stations": ...}]}). A "groups" list sideloaded
 * beside any of them names the group ids.
 */

export type ZendeskShape = 'tickets' | 'audits' | 'ticket_events' | 'ticket_metrics';

export const WRAPPERS: ZendeskShape[] = ['tickets', 'audits', 'ticket_events', 'ticket_metrics'];

/** The shape of a file from its top-level keys, else from its first record's keys. */
export function shapeOf(topLevelKeys: string[], recordKeys: string[]): { shape?: ZendeskShape; reason: string } {
  const wrapper = WRAPPERS.find((w) => topLevelKeys.includes(w));
  if (wrapper) return { shape: wrapper, reason: `a JSON object with "${wrapper}"` };
  const has = (...keys: string[]) => keys.every((k) => recordKeys.includes(k));
  if (has('ticket_id', 'events', 'author_id')) return { shape: 'audits', reason: 'records with ticket_id, author_id and events' };
  if (has('ticket_id', 'child_events')) return { shape: 'ticket_events', reason: 'records with ticket_id and child_events' };
  if (has('ticket_id', 'group_stations')) return { shape: 'ticket_metrics', reason: 'records with ticket_id and group_stations' };
  if (has('id', 'subject', 'via', 'group_id')) return { shape: 'tickets', reason: 'records with id, subject, via and group_id' };
  return { reason: 'no tickets, audits, ticket_events or ticket_metrics' };
}

/** Via types of actions no person took: triggers and automations ('rule'), and what
 * deleting or changing a user or group does to its tickets (Zendesk's via types 8, 10-13). */
export const AUTOMATED_VIA = ['rule', 'group_deletion', 'user_change', 'user_deletion', 'group_change', '8', '10', '11', '12', '13',
  'trigger', 'automation', 'group deletion', 'user change', 'user deletion', 'group change'];
export const AUTOMATED_REL = ['trigger', 'automation'];

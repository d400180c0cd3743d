/**
 * SolarWinds Web Help Desk's ticket shapes: the REST API's ra/Tickets?style=details (a JSON
 * array of tickets: id, subject, detail, reportDateUtc, lastUpdated, closeDate,
 * statustype {statusTypeName}, problemtype {detailDisplayName} (the request type),
 * location {locationName}, techGroupLevel {levelName}, displayClient, notes [{date,
 * prettyUpdatedString, isHidden}]) and the ticket report CSV (Ticket No., Subject, Request
 * Type, Tech Group, Location, Status, Date, Close Date, Client).
 *
 * Web Help Desk keeps no group history in either: a ticket's group path is its current
 * tech group, from its report date.
 */
import { normaliseName } from '../generic/field-names.ts';

export const TICKET_FIELDS = [
  'id', 'subject', 'detail', 'reported', 'last_updated', 'closed', 'status', 'request_type', 'location', 'tech_group', 'client',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

export const TICKET_ALIASES: Record<TicketField, string[]> = {
  id: ['Ticket No.', 'Ticket Number', 'Ticket No', 'Ticket #', 'id'],
  subject: ['Subject'],
  detail: ['Request Detail', 'Detail'],
  reported: ['Date', 'Report Date', 'Open Date', 'reportDateUtc', 'Date Reported'],
  last_updated: ['Last Updated', 'lastUpdated'],
  closed: ['Close Date', 'Date Closed', 'closeDate'],
  status: ['Status', 'Status Type'],
  request_type: ['Request Type', 'Problem Type', 'problemtype'],
  location: ['Location'],
  tech_group: ['Tech Group', 'Tech Group Level', 'Group', 'techGroupLevel'],
  client: ['Client', 'Client Name', 'displayClient', 'Client Email'],
};

export const TICKET_JSON_PATHS: Record<TicketField, string[]> = {
  id: ['id'],
  subject: ['subject'],
  detail: ['detail'],
  reported: ['reportDateUtc', 'reportDate'],
  last_updated: ['lastUpdated'],
  closed: ['closeDate'],
  status: ['statustype.statusTypeName', 'statusTypeName'],
  request_type: ['problemtype.detailDisplayName', 'problemtype.problemTypeName'],
  location: ['location.locationName', 'location.name'],
  tech_group: ['techGroupLevel.levelName', 'techGroupLevel.shortLevelName', 'techGroupLevel.name'],
  client: ['displayClient', 'clientReporter.email'],
};

export const DATE_FIELDS: TicketField[] = ['reported', 'last_updated', 'closed'];

export function shapeOf(names: string[], csv: boolean): { ok: boolean; evidence: string[] } {
  if (csv) {
    const n = new Set(names.map(normaliseName));
    const hits = ['requesttype', 'problemtype', 'techgroup', 'techgrouplevel', 'requestdetail', 'client'].filter((c) => n.has(c));
    const id = ['ticketno', 'ticketnumber'].some((c) => n.has(c));
    return id && (n.has('techgroup') || n.has('techgrouplevel')) && hits.length >= 2 ? { ok: true, evidence: hits } : { ok: false, evidence: [] };
  }
  const hits = ['reportDateUtc', 'problemtype', 'statustype', 'techGroupLevel', 'displayClient'].filter((k) => names.includes(k));
  return names.includes('id') && hits.length >= 2 ? { ok: true, evidence: hits } : { ok: false, evidence: [] };
}

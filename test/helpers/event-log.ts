/**
 * Fixture factories for hand-made generic event logs: `event({ ticket_id: 'T1', ... })`
 * gives one row with defaults for the rest, `eventLogCsv(rows)` the file's text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const EVENT_LOG_COLUMNS = [
  'ticket_id', 'created_at', 'subject', 'category', 'location', 'requester', 'resolution_code',
  'resolution_text', 'event_seq', 'event_at', 'event_kind', 'group_after', 'actor', 'automated',
] as const;
export type EventLogRow = Partial<Record<(typeof EVENT_LOG_COLUMNS)[number], string>>;

export function event(overrides: EventLogRow = {}): EventLogRow {
  return { ticket_id: 'T1', created_at: '2024-08-19T13:00:00Z', event_kind: 'assignment', automated: 'false', ...overrides };
}

/** Events of one ticket along a group path, an hour apart from its creation. */
export function pathEvents(ticketId: string, groups: string[], created = '2024-08-19T13:00:00Z'): EventLogRow[] {
  const start = Date.parse(created);
  return groups.map((g, i) => ({
    ticket_id: ticketId,
    created_at: created,
    event_at: new Date(start + i * 3_600_000).toISOString().replace('.000', ''),
    event_kind: 'assignment',
    group_after: g,
    automated: 'false',
  }));
}

function cell(v: string | undefined): string {
  if (v === undefined) return '';
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function eventLogCsv(rows: EventLogRow[]): string {
  return [EVENT_LOG_COLUMNS.join(','), ...rows.map((r) => EVENT_LOG_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function writeTemp(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The Zendesk pull against its fake: see contract.ts for what is checked. */
import { zendeskReader, nextZendeskCursor, ticketsPageUrl } from '#sync/zendesk.ts';
import type { PullReader } from '#sync/reader.ts';
import { describe, expect, it } from 'vitest';
import { describePullContract } from './contract.ts';
import { startFakeZendesk, ZD_ENV } from './fake-zendesk.ts';

describePullContract({
  vendor: 'zendesk',
  start: startFakeZendesk,
  reader: (pageSize) => zendeskReader({ pageSize }) as PullReader<unknown>,
  credentials: { email: ZD_ENV.SWITCHBOARD_ZENDESK_EMAIL, token: ZD_ENV.SWITCHBOARD_ZENDESK_TOKEN },
  env: ZD_ENV,
  listPath: '/api/v2/incremental/tickets/cursor.json',
  historyPath: '/api/v2/tickets/1/audits.json',
  authHint: /401 Unauthorized: .*global read scope/,
  idOf: (i) => String(i),
  pathOf: (i) => (i % 3 === 0 ? 'Service Desk > Payroll' : 'Service Desk'),
  changed: [
    { i: 2, path: 'Service Desk > Human Resources' },
    { i: 7, path: 'Service Desk > Facilities' },
  ],
});

describe('zendesk cursor', () => {
  it('starts from start_time, then follows after_cursor, and keeps it at the end of the stream', () => {
    expect(ticketsPageUrl('https://d.zendesk.com', { startTime: 1767225600 }, 1000)).toBe(
      'https://d.zendesk.com/api/v2/incremental/tickets/cursor.json?start_time=1767225600&per_page=1000',
    );
    expect(nextZendeskCursor({ startTime: 1 }, { tickets: [], after_cursor: 'abc', end_of_stream: false })).toEqual({ next: { cursor: 'abc' }, done: false });
    expect(nextZendeskCursor({ cursor: 'abc' }, { tickets: [], after_cursor: null, end_of_stream: true })).toEqual({ next: { cursor: 'abc' }, done: true });
  });
});

/**
 * SolarWinds Web Help Desk pull reader: GET ra/Tickets with a qualifier on lastUpdated,
 * style=details (which carries each ticket's notes and its tech group), limit and page,
 * sorted by lastUpdated. WHD answers a bare JSON array; a page is handed over as it came.
 * WHD's API key (a tech's, Setup > Techs) travels as the apiKey query parameter: the
 * client adds it to every request and never shows a URL's query.
 *
 * Docs: the Web Help Desk REST API reference
 * (https://www.solarwinds.com/documentation/webhelpdesk/docs/whd_api_12.1.0/web%20help%20desk%20api.html):
 * "Tickets: qualifier, style (short, details), limit, page"; dates are ISO 8601 UTC.
 */
import { PullError } from './http-client.ts';
import { apiUrl, type PullReader } from './reader.ts';
import type { WindowCursor } from './time-window.ts';
import { windowReader, type Row } from './window-reader.ts';

export const whdInstant = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function whdQualifier(from: string): string {
  return `(lastUpdated >= '${from.replace(/'/g, '')}')`;
}

export function whdReader(options: { pageSize?: number } = {}): PullReader<WindowCursor> {
  return windowReader(
    {
      name: 'solarwinds-whd',
      label: 'SolarWinds Web Help Desk',
      credentials: [{ name: 'api_key', description: "a tech's API key (Setup > Techs > the tech > API Key)" }],
      authHint: "the API key is wrong or revoked, or its tech cannot see all request types (WHD answers 401 for both)",
      auth: (c) => ({ query: { apiKey: c.api_key } }),
      formatInstant: whdInstant,
      async list(http, baseUrl, cursor, limit) {
        const { body } = await http.getJson<Row[]>(
          apiUrl(baseUrl, '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets', {
            qualifier: whdQualifier(cursor.from), style: 'details', sort: 'lastUpdated', limit, page: Math.floor(cursor.offset / limit) + 1,
          }),
        );
        if (!Array.isArray(body)) throw new PullError('SB_ERR_PULL_BAD_RESPONSE', `${baseUrl}/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets: the answer is not a list of tickets`);
        return { records: body };
      },
      stamp: (r) => ({ at: String(r.lastUpdated ?? ''), id: String(r.id ?? '') }),
      files: (tickets) => [tickets],
      updatedInstant: (r) => (typeof r.lastUpdated === 'string' ? r.lastUpdated : null),
    },
    { pageSize: options.pageSize ?? 100 },
  );
}

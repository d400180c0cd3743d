/** The Incident IQ pull end to end against its fake: see contract.ts for what is checked. */
import { incidentIqReader } from '#sync/incident-iq.ts';
import type { PullReader } from '#sync/reader.ts';
import { describePullContract } from './contract.ts';
import { IIQ_ENV, startFakeIncidentIq } from './fake-window-vendors.ts';

describePullContract({
  vendor: 'incident-iq',
  start: startFakeIncidentIq,
  reader: (pageSize) => incidentIqReader({ pageSize }) as PullReader<unknown>,
  credentials: { token: IIQ_ENV.SWITCHBOARD_INCIDENT_IQ_TOKEN, site_id: IIQ_ENV.SWITCHBOARD_INCIDENT_IQ_SITE_ID },
  env: IIQ_ENV,
  listPath: '/api/v1.0/tickets',
  historyPath: '/api/v1.0/tickets/00000000-0000-4000-8000-000000000001/activities',
  authHint: /401 Unauthorized: .*SiteId/,
  idOf: (i) => String(i),
  pathOf: (i) => (i % 3 === 0 ? 'Service Desk > Payroll' : 'Service Desk'),
  changed: [
    { i: 2, path: 'Service Desk > Human Resources' },
    { i: 7, path: 'Service Desk > Facilities' },
  ],
});

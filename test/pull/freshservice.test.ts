/** The Freshservice pull end to end against its fake: see contract.ts for what is checked. */
import { freshserviceReader } from '#sync/freshservice.ts';
import type { PullReader } from '#sync/reader.ts';
import { describePullContract } from './contract.ts';
import { FS_ENV, startFakeFreshservice } from './fake-window-vendors.ts';

describePullContract({
  vendor: 'freshservice',
  start: startFakeFreshservice,
  reader: (pageSize) => freshserviceReader({ pageSize }) as PullReader<unknown>,
  credentials: { api_key: FS_ENV.SWITCHBOARD_FRESHSERVICE_API_KEY },
  env: FS_ENV,
  listPath: '/api/v2/tickets',
  historyPath: '/api/v2/tickets/1/activities',
  authHint: /401 Unauthorized: .*View tickets privilege/,
  idOf: (i) => String(i),
  pathOf: (i) => (i % 3 === 0 ? 'Service Desk > Payroll' : 'Service Desk'),
  changed: [
    { i: 2, path: 'Service Desk > Human Resources' },
    { i: 7, path: 'Service Desk > Facilities' },
  ],
});

/**
 * The Web Help Desk pull end to end against its fake: see contract.ts for what is checked.
 * WHD keeps no group history, so a ticket's path is its current tech group (the file
 * connector's rule); a moved ticket read again shows where it is now.
 */
import { whdReader } from '#sync/solarwinds-whd.ts';
import type { PullReader } from '#sync/reader.ts';
import { describePullContract } from './contract.ts';
import { startFakeWhd, WHD_ENV } from './fake-window-vendors.ts';

describePullContract({
  vendor: 'solarwinds-whd',
  start: startFakeWhd,
  reader: (pageSize) => whdReader({ pageSize }) as PullReader<unknown>,
  credentials: { api_key: WHD_ENV.SWITCHBOARD_SOLARWINDS_WHD_API_KEY },
  env: WHD_ENV,
  listPath: '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets',
  historyPath: '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets',
  authHint: /401 Unauthorized: .*API key is wrong or revoked/,
  idOf: (i) => String(i),
  pathOf: (i) => (i % 3 === 0 ? 'Payroll' : 'Service Desk'),
  // The pull saw tickets 2 and 7 in the Service Desk, then in their new groups.
  changed: [
    { i: 2, path: 'Service Desk > Human Resources' },
    { i: 7, path: 'Service Desk > Facilities' },
  ],
  noHistory: true,
});

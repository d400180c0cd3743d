/** The Jira pull end to end against its fake: see contract.ts for what is checked. */
import { jiraReader } from '#sync/jira.ts';
import type { PullReader } from '#sync/reader.ts';
import { describePullContract } from './contract.ts';
import { JIRA_ENV, startFakeJira } from './fake-window-vendors.ts';

describePullContract({
  vendor: 'jira',
  start: startFakeJira,
  reader: (pageSize) => jiraReader({ pageSize }) as PullReader<unknown>,
  credentials: { email: JIRA_ENV.SWITCHBOARD_JIRA_EMAIL, token: JIRA_ENV.SWITCHBOARD_JIRA_TOKEN },
  env: JIRA_ENV,
  listPath: '/rest/api/3/search/jql',
  historyPath: '/rest/api/3/issue/HELP-3/changelog',
  authHint: /401 Unauthorized: .*Browse projects permission/,
  idOf: (i) => `HELP-${i}`,
  pathOf: (i) => (i % 3 === 0 ? 'Service Desk > Payroll' : 'Service Desk'),
  changed: [
    { i: 2, path: 'Service Desk > Human Resources' },
    { i: 7, path: 'Service Desk > Facilities' },
  ],
});

/**
 * Every pull reader, by the name of the vendor's file connector (`switchboard pull NAME`).
 */
import type { PullReader } from './reader.ts';
import { serviceNowReader } from './servicenow.ts';
import { zendeskReader } from './zendesk.ts';
import { freshserviceReader } from './freshservice.ts';
import { incidentIqReader } from './incident-iq.ts';
import { jiraReader } from './jira.ts';
import { whdReader } from './solarwinds-whd.ts';

export interface ReaderOptions {
  pageSize?: number;
  /** Jira: the service project's key, to pull one project rather than every visible issue. */
  project?: string;
}

export const PULL_READERS: Record<string, (options: ReaderOptions) => PullReader<never>> = {
  servicenow: (o) => serviceNowReader({ pageSize: o.pageSize }) as PullReader<never>,
  zendesk: (o) => zendeskReader({ pageSize: o.pageSize }) as PullReader<never>,
  freshservice: (o) => freshserviceReader({ pageSize: o.pageSize }) as PullReader<never>,
  jira: (o) => jiraReader({ pageSize: o.pageSize, project: o.project }) as PullReader<never>,
  'incident-iq': (o) => incidentIqReader({ pageSize: o.pageSize }) as PullReader<never>,
  'solarwinds-whd': (o) => whdReader({ pageSize: o.pageSize }) as PullReader<never>,
};

export function pullReader(name: string, options: ReaderOptions = {}): PullReader<unknown> | undefined {
  const make = PULL_READERS[name];
  return make ? (make(options) as PullReader<unknown>) : undefined;
}

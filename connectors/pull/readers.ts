/**
 * Every pull reader, by the name of the vendor's file connector (`switchboard pull NAME`).
 */
import type { PullReader } from './reader.ts';
import { serviceNowReader } from './servicenow.ts';
import { zendeskReader } from './zendesk.ts';

export interface ReaderOptions {
  pageSize?: number;
}

export const PULL_READERS: Record<string, (options: ReaderOptions) => PullReader<never>> = {
  servicenow: (o) => serviceNowReader({ pageSize: o.pageSize }) as PullReader<never>,
  zendesk: (o) => zendeskReader({ pageSize: o.pageSize }) as PullReader<never>,
};

export function pullReader(name: string, options: ReaderOptions = {}): PullReader<unknown> | undefined {
  const make = PULL_READERS[name];
  return make ? (make(options) as PullReader<unknown>) : undefined;
}

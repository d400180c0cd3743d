/**
 * `switchboard pull`: history straight from a helpdesk's API, incrementally. Each page is
 * imported through the vendor's file connector and committed with the cursor after it, so
 * Ctrl-C or a kill at any moment loses nothing, and the next pull resumes where it stopped.
 * Credentials come from the environment or a mode-0600 file, never from the command line.
 */
import { dbPath, parse, positiveInt, UsageError } from '../args.ts';
import { Database } from '#core/db/database.ts';
import { loadCredentials } from '#sync/credentials.ts';
import { PullError } from '#sync/http-client.ts';
import { pageImporter } from '#sync/import-page.ts';
import { PULL_READERS, pullReader } from '#sync/readers.ts';
import { runPull, type PullProgress } from '#sync/run-pull.ts';
import { envName } from '#sync/credentials.ts';
import type { Command } from '../main.ts';

const usage = `Usage: switchboard pull <vendor> --url URL [--since DATE] [--db FILE] [--every 1h]
                       [--credentials FILE] [--time-zone ZONE] [--page-size N] [--project KEY]

Pulls tickets and their history from a helpdesk's API into the database. The first pull
reads everything updated since --since; later pulls resume from the saved cursor and read
only what changed. Each page commits together with the cursor after it.
  vendor             ${Object.keys(PULL_READERS).join(', ')}
  --url URL          the instance, e.g. https://district.service-now.com
  --since DATE       first pull only: YYYY-MM-DD (midnight UTC) or an ISO 8601 instant
  --db FILE          database file (default: $SWITCHBOARD_DB or data/switchboard.duckdb)
  --every DURATION   pull again every 15m, 1h, 1d... until stopped (Ctrl-C)
  --credentials FILE a JSON file of credential fields, readable only by you (chmod 600)
  --time-zone ZONE   zone of the API's wall-clock times (ServiceNow: the integration user's)
  --page-size N      records per request (default: the vendor's usual page)
  --project KEY      jira: pull one service project (default: every issue the account sees)

Credentials are read from the environment or the --credentials file (never from the
command line); a file's keys are the lower-case names after the vendor's prefix.
ServiceNow takes USER and PASSWORD or a TOKEN; Zendesk EMAIL and TOKEN or an OAUTH_TOKEN:
${Object.keys(PULL_READERS)
  .map((name) => `  ${name.padEnd(15)} ${pullReader(name)!.credentials.map((c) => envName(name, c.name)).join(', ')}`)
  .join('\n')}`;

/** '15m', '1h', '1d', '30s' -> milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value);
  if (!m || Number(m[1]) < 1) throw new UsageError(`--every must look like 30s, 15m, 1h or 1d, got '${value}'`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** YYYY-MM-DD is midnight UTC (earlier than any US district's midnight: a first pull reads a little more, never less). */
export function parseSince(value: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(value)) return d;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(`--since must be a date (2026-01-31) or an instant with its offset (2026-01-31T08:00:00Z), got '${value}'`);
}

function describe(p: PullProgress): string | undefined {
  if (p.type === 'start') return `pulling ${p.source} from ${p.baseUrl}: ${p.resumed ? 'resuming from the saved cursor' : 'first pull'}`;
  if (p.type === 'page') {
    const what = p.status === 'empty' ? 'no tickets' : `${p.tickets} tickets, ${p.events} history rows${p.status === 'unchanged' ? ' (unchanged)' : ''}`;
    return `page ${p.page} committed: ${what} (${p.totalTickets} tickets so far)`;
  }
  const e = p.event;
  if (e.type === 'rate-limit') return `rate limit: waiting ${(e.waitMs / 1000).toFixed(1)} s (${e.reason}) before ${e.url}`;
  if (e.type === 'retry') return `retry ${e.attempt}: ${e.reason} from ${e.url}; waiting ${(e.waitMs / 1000).toFixed(1)} s`;
  return undefined;
}

const command: Command = {
  summary: 'pull tickets and history from a helpdesk API, incrementally',
  usage,
  async run(args) {
    const { values, positionals } = parse(
      args,
      {
        url: { type: 'string' }, since: { type: 'string' }, db: { type: 'string' }, every: { type: 'string' },
        credentials: { type: 'string' }, 'time-zone': { type: 'string' }, 'page-size': { type: 'string' }, project: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 1) throw new UsageError(`name one vendor: ${Object.keys(PULL_READERS).join(', ')}`);
    const pageSize = values['page-size'] === undefined ? undefined : positiveInt('page-size', values['page-size'], 100, 10_000);
    const reader = pullReader(positionals[0], { pageSize, project: values.project });
    if (!reader) throw new UsageError(`no pull reader named '${positionals[0]}'; use one of ${Object.keys(PULL_READERS).join(', ')}`);
    if (!values.url) throw new UsageError('--url is required (the instance to pull from)');
    const since = values.since ? parseSince(values.since) : undefined;
    const every = values.every ? parseDuration(values.every) : undefined;
    const timeZone = values['time-zone'];
    if (timeZone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone });
      } catch {
        throw new UsageError(`--time-zone must be an IANA zone like America/Chicago, got '${timeZone}'`);
      }
    }
    // Ctrl-C stops after the page being imported commits (a kill is safe too, just abrupt).
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const stop = () => {
      abort.abort();
      clearTimeout(timer);
      wake?.();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const credentials = loadCredentials(reader.name, reader.credentials, { file: values.credentials });
      for (;;) {
        const db = await Database.open(dbPath(values.db));
        try {
          const summary = await runPull(db, reader, {
            baseUrl: values.url, since, credentials, importer: pageImporter({ timeZone }), signal: abort.signal,
            onProgress: (p) => {
              const line = describe(p);
              if (line) console.error(line);
            },
          });
          const c = summary.counters;
          console.error(`done: ${c.pages} pages, ${c.tickets} tickets, ${c.requests} requests, ${c.retries} retries, ${c.rateLimitWaits} rate-limit waits (${(c.rateLimitWaitMs / 1000).toFixed(1)} s)`);
        } finally {
          await db.close();
        }
        if (!every || abort.signal.aborted) break;
        console.error(`next pull in ${values.every}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, every);
        });
        if (abort.signal.aborted) break;
      }
    } catch (e) {
      if (e instanceof PullError) {
        console.error(`switchboard pull: ${e.message}`);
        return 1;
      }
      throw e;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
export default command;

/**
 * How many file previews and imports run at once. Each reads a whole file (a workbook's
 * shared strings, DuckDB's staging), so their memory adds up: six hostile workbooks at once
 * killed the process. `app.fileWork.run(task)` runs a task when one of `concurrent` slots
 * is free, waits in a queue of at most `queued` otherwise, and beyond that refuses at once
 * with a 503 that says to try again, rather than letting the work pile up.
 */
import fp from 'fastify-plugin';

export class BusyError extends Error {
  readonly statusCode = 503;
  readonly code = 'SB_ERR_BUSY';
  constructor(readonly retryAfterSeconds: number) {
    super('the server is already reading as many files as it can at once; try again in a minute');
    this.name = 'BusyError';
  }
}

export class WorkLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly concurrent: number,
    readonly queued: number,
  ) {}

  get active(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.queued) throw new BusyError(60);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export interface WorkLimitOptions {
  /** Previews and imports at once; SWITCHBOARD_FILE_WORK (default 2). */
  concurrent?: number;
  /** Waiting beyond those; 4 by default. */
  queued?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    fileWork: WorkLimit;
  }
}

export default fp<WorkLimitOptions>(
  async (app, opts) => {
    const fromEnv = Number(process.env.SWITCHBOARD_FILE_WORK);
    const concurrent = opts.concurrent ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 2);
    app.decorate('fileWork', new WorkLimit(concurrent, opts.queued ?? 4));
  },
  { name: 'work-limit' },
);

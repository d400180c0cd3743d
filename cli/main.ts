/**
 * `switchboard <command>`: dispatch, help, and the exit-status rules (0 done, 1 failed,
 * 2 usage error). Each command lives in its own module with its own --help.
 */
import { UsageError } from './args.ts';
import { ImportError } from '#core/errors.ts';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

// Loaded on demand, so `switchboard report` never loads the server or the generator.
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'serve the dashboard and API (what npm start runs)', load: async () => (await import('./commands/serve.ts')).default },
  demo: { summary: 'write a synthetic district into a database or as export files', load: async () => (await import('./commands/demo.ts')).default },
  ingest: { summary: 'import ticket export files into a database', load: async () => (await import('./commands/ingest.ts')).default },
  imports: { summary: 'list imports, or remove one', load: async () => (await import('./commands/imports.ts')).default },
  mappings: { summary: 'list, export or remove the column mappings confirmed with ingest --field', load: async () => (await import('./commands/mappings.ts')).default },
  report: { summary: 'print the analysis as JSON, Markdown or CSV', load: async () => (await import('./commands/report.ts')).default },
  users: { summary: 'add, list and disable dashboard accounts', load: async () => (await import('./commands/users.ts')).default },
  backup: { summary: 'copy a database to a folder of Parquet files', load: async () => (await import('./commands/backup.ts')).default },
  restore: { summary: 'rebuild a database from a backup folder', load: async () => (await import('./commands/restore.ts')).default },
  consortium: { summary: "build one database from many districts' partitioned exports", load: async () => (await import('./commands/consortium.ts')).default },
  deliveries: { summary: 'schedule the report by e-mail, list schedules, send one now', load: async () => (await import('./commands/deliveries.ts')).default },
  export: { summary: 'write the tables, facts and report tables as Parquet, CSV, Arrow or XLSX', load: async () => (await import('./commands/export.ts')).default },
  pull: { summary: 'pull tickets and history from a helpdesk API, incrementally', load: async () => (await import('./commands/pull.ts')).default },
};

async function overview(): Promise<string> {
  const lines = ['Usage: switchboard <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  lines.push('', "Run 'switchboard <command> --help' for a command's options.");
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await overview());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    console.error(`switchboard: unknown command '${name}'; try 'switchboard --help'`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`switchboard ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof ImportError) {
      console.error(`switchboard ${name}: ${e.message}`);
      return 1;
    }
    if ((e as Error).message?.includes('Could not set lock on file')) {
      console.error(`switchboard ${name}: the database file is in use by another process (a running server?); stop it or use another --db`);
      return 1;
    }
    throw e;
  }
}

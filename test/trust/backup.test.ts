/** Backup to Parquet and restore into a new file: every table comes back with its exact row count. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { backupDatabase, tableCounts } from '#cli/commands/backup.ts';
import { restoreDatabase } from '#cli/commands/restore.ts';
import { seedDistrict } from '../api/district-fixture.ts';
import { addUser } from '#dashboard/server/plugins/app/auth/accounts.ts';

describe('backup and restore', () => {
  it('round-trips every table with exact counts, and never overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-backup-'));
    const original = await Database.open(join(dir, 'live.duckdb'));
    await seedDistrict(original);
    await addUser(original, { email: 'head@district.test', role: 'department_head', departments: ['Payroll'] });
    const before = await tableCounts(original);
    const manifest = await backupDatabase(original, join(dir, 'backup'));
    original.close();
    expect(before).toMatchObject({ tickets: 4, ticket_events: 7, users: 1, imports: 1 });
    expect(manifest.tables).toEqual(before);

    const restored = await restoreDatabase(join(dir, 'backup'), join(dir, 'restored.duckdb'));
    expect(restored).toEqual(before);
    const db = await Database.open(join(dir, 'restored.duckdb'));
    try {
      expect(await db.all('SELECT ticket_id FROM tickets ORDER BY 1')).toEqual([{ ticket_id: 'T1' }, { ticket_id: 'T2' }, { ticket_id: 'T3' }, { ticket_id: 'T4' }]);
      expect(await db.all('SELECT email, departments FROM users')).toEqual([{ email: 'head@district.test', departments: ['Payroll'] }]);
    } finally {
      db.close();
    }
    await expect(restoreDatabase(join(dir, 'backup'), join(dir, 'restored.duckdb'))).rejects.toThrow('already exists');
    await expect(restoreDatabase(dir, join(dir, 'other.duckdb'))).rejects.toThrow('is not a Switchboard backup');
    expect(existsSync(join(dir, 'other.duckdb'))).toBe(false);
  });
});

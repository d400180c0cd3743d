/**
 * Credentials: environment variables, or a file only its owner can read; errors name the
 * variable or the file, never a value. And the CLI refuses to take them on argv.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCredentialFileMode, envName, loadCredentials } from '#sync/credentials.ts';
import { advanceWindow, freshIndexes, startWindow } from '#sync/time-window.ts';
import { runCli, tempDb } from './helpers.ts';

const fields = [
  { name: 'email', description: 'the token owner' },
  { name: 'token', description: 'an API token' },
];

function file(content: string, mode: number): string {
  const p = join(mkdtempSync(join(tmpdir(), 'switchboard-cred-')), 'zendesk.json');
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
}

describe('credentials', () => {
  it('reads SWITCHBOARD_<VENDOR>_<FIELD> variables', () => {
    expect(envName('incident-iq', 'site_id')).toBe('SWITCHBOARD_INCIDENT_IQ_SITE_ID');
    const env = { SWITCHBOARD_ZENDESK_EMAIL: 'a@d.example', SWITCHBOARD_ZENDESK_TOKEN: 'tok' };
    expect(loadCredentials('zendesk', fields, { env })).toEqual({ email: 'a@d.example', token: 'tok' });
  });

  it('names what is missing without printing what is set', () => {
    const env = { SWITCHBOARD_ZENDESK_EMAIL: 'a@d.example' };
    expect(() => loadCredentials('zendesk', fields, { env })).toThrow(/SWITCHBOARD_ZENDESK_TOKEN \(an API token\)/);
    expect(() => loadCredentials('zendesk', fields, { env })).not.toThrow(/a@d\.example/);
  });

  it('reads a file of mode 0600 and refuses one others can read', () => {
    const good = file('{"email":"a@d.example","token":"s3cret"}', 0o600);
    expect(loadCredentials('zendesk', fields, { env: {}, file: good })).toEqual({ email: 'a@d.example', token: 's3cret' });
    const open = file('{"email":"a@d.example","token":"s3cret"}', 0o644);
    expect(() => loadCredentials('zendesk', fields, { env: {}, file: open })).toThrow(/mode 0644\); run chmod 600/);
    expect(checkCredentialFileMode('x', 0o100640, 1000, 1000)).toMatch(/can be read by others/);
    expect(checkCredentialFileMode('x', 0o100600, 1001, 1000)).toMatch(/belongs to another user/);
    expect(checkCredentialFileMode('x', 0o100400, 1000, 1000)).toBeUndefined();
  });

  it('never quotes a broken file, which may hold secrets', () => {
    const broken = file('{"token": "s3cret-token" oops', 0o600);
    expect(() => loadCredentials('zendesk', fields, { env: {}, file: broken })).toThrow(/not a JSON object of fields \(SyntaxError\)/);
    expect(() => loadCredentials('zendesk', fields, { env: {}, file: broken })).not.toThrow(/s3cret/);
  });

  it('the CLI takes no credential options and says where credentials go', async () => {
    const run = runCli(['pull', 'zendesk', '--url', 'http://127.0.0.1:9', '--since', '2026-01-01', '--db', tempDb(), '--token', 'x'], {});
    const { code } = await run.exit;
    expect(code).toBe(2);
    expect(run.output()).toMatch(/Unknown option '--token'/);
    const missing = runCli(['pull', 'zendesk', '--url', 'http://127.0.0.1:9', '--since', '2026-01-01', '--db', tempDb()], {});
    expect((await missing.exit).code).toBe(1);
    expect(missing.output()).toContain('SWITCHBOARD_ZENDESK_EMAIL');
  });
});

describe('time window cursor', () => {
  const r = (at: string, id: string) => ({ at, id });
  it('moves the offset within a run and the lower bound at its end, skipping what was committed at it', () => {
    const c0 = startWindow('2026-01-01T00:00:00Z');
    const p1 = [r('2026-01-05T08:00:00Z', 'a'), r('2026-01-05T08:10:00Z', 'b')];
    const s1 = advanceWindow(c0, p1, 2);
    expect(s1).toEqual({ done: false, next: { ...c0, offset: 2, lastAt: '2026-01-05T08:10:00Z', lastIds: ['b'] } });
    const s2 = advanceWindow(s1.next, [r('2026-01-05T08:10:00Z', 'c')], 2);
    expect(s2).toEqual({ done: true, next: { from: '2026-01-05T08:10:00Z', seenAtFrom: ['b', 'c'], offset: 0 } });
    // The next run re-reads b and c at the bound: skipped; d, updated in the same second later, is not.
    expect(freshIndexes(s2.next, [r('2026-01-05T08:10:00Z', 'b'), r('2026-01-05T08:10:00Z', 'd'), r('2026-01-05T08:10:00Z', 'c')])).toEqual([1]);
    // Nothing new: the window stays where it was.
    expect(advanceWindow(s2.next, [], 2)).toEqual({ done: true, next: s2.next });
  });
});

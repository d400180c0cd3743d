import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

// Two staff ask how to reset a password; a third writes 'Password reset' (a report, not a
// question, so not a missing answer); one reports a broken laptop.
const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology')");
  const ticket = (id: string, subject: string, day: string) =>
    pathEvents(id, ['Desk'], `2024-08-${day}T13:00:00Z`).map((r) => ({ ...r, category: 'Accounts', subject }));
  await importFile(
    db,
    writeTemp('questions.csv', eventLogCsv([
      ...ticket('Q1', 'How do I reset my password?', '19'),
      ...ticket('Q2', 'Password reset', '20'),
      ...ticket('Q3', 'How do I reset my password?', '21'),
      ...ticket('B1', 'Laptop screen cracked', '21'),
    ])),
  );
});
const inject = (method: 'GET' | 'PUT', url: string, payload?: object) => app().inject({ method, url, payload });

describe('/api/figures/answer-gaps', () => {
  it('groups the two password questions into one theme', async () => {
    const { themes } = (await inject('GET', '/api/figures/answer-gaps')).json();
    expect(themes).toHaveLength(1);
    expect(themes[0]).toMatchObject({ request_type: 'Accounts', key_phrase: 'password reset', tickets: 2, owner_department: 'Technology', answered: null });
  });

  it('marks a theme answered with a link, and unmarks it', async () => {
    const key = (await inject('GET', '/api/figures/answer-gaps')).json().themes[0].theme_key;
    const ok = await inject('PUT', '/api/figures/answer-gaps/answered', { themeKey: key, url: 'https://kb.example.org/password' });
    expect(ok.json()).toEqual({ ok: true });
    const marked = (await inject('GET', '/api/figures/answer-gaps')).json().themes[0];
    expect(marked.answered).toMatchObject({ url: 'https://kb.example.org/password', tickets_before: 2, tickets_after: 0 });
    expect(marked.answered.answered_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await inject('PUT', '/api/figures/answer-gaps/answered', { themeKey: key, url: null });
    expect((await inject('GET', '/api/figures/answer-gaps')).json().themes[0].answered).toBeNull();
  });

  it('refuses a link that is not http(s)', async () => {
    const res = await inject('PUT', '/api/figures/answer-gaps/answered', { themeKey: 'x', url: 'javascript:alert(1)' });
    expect(res.statusCode).toBe(400);
  });
});

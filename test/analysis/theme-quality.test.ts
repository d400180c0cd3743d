/**
 * How well missing-answer themes match the questions people asked, on the synthetic
 * district, whose generator asks one question per request type (its `ask` and `topic`, in
 * four wordings: "How do I ...?", "Where is the form for ...?", "Who do I contact about
 * ...?", "Question: how do I ..."). A theme never mixes request types (the type is part of
 * its key), so every theme is pure; what is measured is how many themes a type's one
 * question splits into, and the share of asking tickets in their type's largest theme
 * (docs/metrics.md, "Missing answers").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { answerGaps } from '#analysis/answer-gaps/answer-gaps.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 20_000 });
}, 120_000);
afterAll(() => db.close());

describe('missing-answer themes on the synthetic district', () => {
  it('find each request type question in at most two themes, two thirds of its tickets in one', async () => {
    const themes = await answerGaps(db, {}, await readSettings(db));
    const byType = new Map<string, number[]>();
    for (const t of themes) byType.set(t.request_type ?? '', [...(byType.get(t.request_type ?? '') ?? []), t.tickets]);
    const asking = themes.reduce((n, t) => n + t.tickets, 0);
    const inLargest = [...byType.values()].reduce((n, counts) => n + Math.max(...counts), 0);
    // Measured: 147 themes for 80 true questions; 1,605 of 2,424 asking tickets (66.2 %) in their type's largest theme.
    expect({ themes: themes.length, questions: byType.size, asking, inLargest }).toEqual({ themes: 147, questions: 80, asking: 2424, inLargest: 1605 });
    expect(Math.max(...[...byType.values()].map((c) => c.length))).toBeLessThanOrEqual(2);
    // Labels are questions as people wrote them.
    expect(themes.find((t) => t.key_phrase === 'copy w-2')?.theme).toBe('How do I get a copy of my W-2?');
    expect(themes.find((t) => t.key_phrase === 'mileag reimburs')?.theme).toBe('Where is the form for mileage reimbursement?');
  });
});

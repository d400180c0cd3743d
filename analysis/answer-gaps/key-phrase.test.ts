/**
 * The key phrase of one ticket: subject words, lower-cased, without stop words, one-letter
 * words or the words of the ticket's own location, each cut to its stem, de-duplicated,
 * sorted and cut to four.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { KEY_PHRASE_WORDS, keyPhraseSql, stemSql, STOP_WORDS } from './key-phrase.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(async () => {
  await db.close();
});

async function keyPhrase(subject: string | null, location: string | null, keyWords = KEY_PHRASE_WORDS): Promise<string | null> {
  const rows = await db.all<{ phrase: string | null }>(
    `SELECT ${keyPhraseSql('$subject::VARCHAR', '$location::VARCHAR')} AS phrase`,
    { subject, location, stop_words: [...STOP_WORDS], key_words: keyWords },
  );
  return rows[0].phrase;
}

describe('keyPhraseSql', () => {
  it('gives one phrase for a question and a statement about the same thing', async () => {
    expect(await keyPhrase('How do I reset my password?', 'District Office')).toBe('password reset');
    expect(await keyPhrase('Password reset', 'District Office')).toBe('password reset');
    expect(await keyPhrase('PASSWORD password Password reset', 'District Office')).toBe('password reset');
  });

  it("leaves out the words of the ticket's own location, whatever their case or punctuation", async () => {
    expect(await keyPhrase('Kennedy Middle, password reset', 'Kennedy Middle')).toBe('password reset');
    expect(await keyPhrase('Kennedy Middle, password reset', 'West High')).toBe('kennedy middl password reset');
    expect(await keyPhrase('East east EAST', 'East!')).toBe('');
    expect(await keyPhrase('East east EAST', 'West High')).toBe('east');
    expect(await keyPhrase('room 101 projector', 'Room 101')).toBe('projector');
    expect(await keyPhrase('room 101 projector', 'District Office')).toBe('101 projector room');
  });

  it('keeps hyphenated words whole, so a hyphenated location never removes them', async () => {
    expect(await keyPhrase('Wi-Fi down at West High', 'West High')).toBe('down wi-fi');
    expect(await keyPhrase('--wi-fi--', 'wi-fi')).toBe('wi-fi');
    expect(await keyPhrase('wi fi', 'wi-fi')).toBe('');
  });

  it('drops stop words and one-letter words', async () => {
    expect(await keyPhrase('Re: Re: FW: help', 'District Office')).toBe('');
    expect(await keyPhrase("O'Brien's laptop", 'District Office')).toBe('brien laptop');
  });

  it('sorts and keeps the first four words', async () => {
    expect(await keyPhrase('zebra apple mango kiwi banana cherry', 'District Office')).toBe('appl banana cherry kiwi');
    expect(await keyPhrase('zebra apple mango kiwi banana cherry', 'Zebra Apple')).toBe('banana cherry kiwi mango');
    expect(await keyPhrase('zebra apple mango kiwi banana cherry', 'Zebra Apple', 2)).toBe('banana cherry');
  });

  it('gives an empty phrase, never NULL, for a missing or empty subject or location', async () => {
    expect(await keyPhrase(null, 'District Office')).toBe('');
    expect(await keyPhrase('', 'District Office')).toBe('');
    expect(await keyPhrase(null, null)).toBe('');
    expect(await keyPhrase('Printer toner', null)).toBe('printer toner');
    expect(await keyPhrase('Printer toner', '')).toBe('printer toner');
  });

  it('makes one phrase of the same words in other forms', async () => {
    expect(await keyPhrase('Mileage reimbursed?', 'District Office')).toBe('mileag reimburs');
    expect(await keyPhrase('mileage reimbursements', 'District Office')).toBe('mileag reimburs');
    expect(await keyPhrase('Change direct deposit', 'District Office')).toBe('chang deposit direct');
    expect(await keyPhrase('direct deposit changes', 'District Office')).toBe('chang deposit direct');
    // A location's words are stemmed too, so "Lincoln Schools" takes away "school".
    expect(await keyPhrase('school bus late', 'Lincoln Schools')).toBe('bus lat');
  });
});

describe('stemSql', () => {
  it('cuts suffixes, then a plural s, then a final e, keeping three letters', async () => {
    const words = ['reimbursed', 'reimbursement', 'change', 'changes', 'access', 'addresses', 'buses', 'bus', 'settings', 'w-2'];
    const rows = await db.all<{ s: string }>(`SELECT ${stemSql('w')} AS s FROM unnest($w::VARCHAR[]) WITH ORDINALITY t(w, i) ORDER BY i`, { w: words });
    expect(rows.map((r) => r.s)).toEqual(['reimburs', 'reimburs', 'chang', 'chang', 'access', 'address', 'bus', 'bus', 'sett', 'w-2']);
  });
});

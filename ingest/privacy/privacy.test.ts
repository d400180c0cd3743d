import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '../import-file.ts';
import { writeTemp } from '#test/helpers/event-log.ts';
import { hmacSha256Sql, pseudonymSql } from './pseudonym.ts';
import { buildTextRedaction } from './redact.ts';
import { DEFAULT_PRIVACY, readPrivacy, validatePrivacy, writePrivacy, type PrivacyPolicy } from './policy.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

const KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

async function redact(text: string, policy: PrivacyPolicy = DEFAULT_PRIVACY, requester?: string): Promise<string> {
  const r = buildTextRedaction(policy);
  const [{ out }] = await db.all<{ out: string }>(
    `SELECT ${r.sql('$text', requester ? ['$requester'] : [])} AS out`,
    { ...r.params, text, ...(requester ? { requester } : {}) },
  );
  return out;
}

describe('HMAC-SHA256 in SQL', () => {
  it.each(['maria alvarez', '', 'ann.lee@example-district.org', 'Ünïcødé name'])('equals node crypto for %j', async (message) => {
    const [{ h }] = await db.all<{ h: string }>(`SELECT ${hmacSha256Sql('$m')} AS h`, { m: message, pseudonym_key: KEY });
    expect(h).toBe(createHmac('sha256', KEY).update(message, 'utf8').digest('hex'));
  });

  it('keys a short key the way RFC 2104 pads it', async () => {
    const key = 'sixteen-byte-key';
    const [{ h }] = await db.all<{ h: string }>(`SELECT ${hmacSha256Sql('$m')} AS h`, { m: 'x', pseudonym_key: key });
    expect(h).toBe(createHmac('sha256', key).update('x').digest('hex'));
  });

  it('gives a stable pseudonym per install and a different one in another install', async () => {
    const sql = `SELECT ${pseudonymSql('$name')} AS p`;
    const [a] = await db.all<{ p: string }>(sql, { name: '  Maria Alvarez ', pseudonym_key: KEY });
    const [b] = await db.all<{ p: string }>(sql, { name: 'maria alvarez', pseudonym_key: KEY });
    const [c] = await db.all<{ p: string }>(sql, { name: 'maria alvarez', pseudonym_key: KEY.replace('9', '8') });
    const [empty] = await db.all<{ p: string | null }>(sql, { name: '  ', pseudonym_key: KEY });
    expect(a.p).toBe(`person-${createHmac('sha256', KEY).update('maria alvarez').digest('hex').slice(0, 10)}`);
    expect(b.p).toBe(a.p);
    expect(c.p).not.toBe(a.p);
    expect(empty.p).toBeNull();
  });

  it('is written as SQL over bound parameters only', () => {
    expect(hmacSha256Sql('m')).toMatchInlineSnapshot(
      `"sha256(xor((encode($pseudonym_key) || unhex(repeat('00', 64 - octet_length(encode($pseudonym_key)))))::BIT, repeat('01011100', 64)::BIT)::BLOB || unhex(sha256(xor((encode($pseudonym_key) || unhex(repeat('00', 64 - octet_length(encode($pseudonym_key)))))::BIT, repeat('00110110', 64)::BIT)::BLOB || encode(m))))"`,
    );
  });
});

describe('text redaction', () => {
  it('replaces emails, phones and student ids', async () => {
    expect(await redact('Email ann.lee@example-district.org or call (555) 123-4567. Student: S1234567.')).toBe(
      'Email [email] or call [phone]. Student: [student-id].',
    );
    expect(await redact('cell 555-867-5309, office 555.867.5309, +1 555 867 5309, call 5558675309')).toBe(
      'cell [phone], office [phone], [phone], call [phone]',
    );
  });

  it('keeps numbers that are not phones or ids', async () => {
    expect(await redact('Room 204, order 12345, 2024-09-01, S12345678 is too long, PO 1234-5678')).toBe(
      'Room 204, order 12345, 2024-09-01, S12345678 is too long, PO 1234-5678',
    );
  });

  it('replaces listed names in any case and the row requester name', async () => {
    const policy = { ...DEFAULT_PRIVACY, names: ["Keisha O'Brien", 'Chen'] };
    expect(await redact("keisha o'brien and Dr. CHEN asked; Chenault did not", policy)).toBe('[name] and Dr. [name] asked; Chenault did not');
    expect(await redact('This is Maria Alvarez at Lincoln. Maria Alvarez', DEFAULT_PRIVACY, 'Maria Alvarez')).toBe(
      'This is [name] at Lincoln. [name]',
    );
  });

  it('uses configured staff and student id patterns', async () => {
    const policy = { ...DEFAULT_PRIVACY, studentIdPatterns: ['\\b\\d{9}\\b'], staffIdPatterns: ['\\bEMP-\\d{4}\\b'] };
    expect(await redact('student 123456789 and EMP-0042, S1234567 now kept', policy)).toBe(
      'student [student-id] and [staff-id], S1234567 now kept',
    );
  });

  it('checks settings before storing them', async () => {
    expect(await validatePrivacy(db, { ...DEFAULT_PRIVACY, studentIdPatterns: ['(unclosed', '.*'] })).toEqual([
      'studentIdPatterns[0] is not a valid regular expression: (unclosed',
      'studentIdPatterns[1] matches empty text',
    ]);
    await expect(writePrivacy(db, { ...DEFAULT_PRIVACY, names: [''] })).rejects.toThrow('names[0] is empty');
    await writePrivacy(db, { ...DEFAULT_PRIVACY, names: ['Chen'] });
    expect((await readPrivacy(db)).names).toEqual(['Chen']);
  });
});

describe('redaction of imported text with the row’s own names', () => {
  // Three tickets share their subject, resolution text and note word for word; only the
  // people on each row differ, so a note redacted once per text must still differ per row.
  const header = 'ticket_id,created_at,subject,requester,resolution_text,event_at,event_kind,actor,event_detail';
  const rows = (ticket: string, requester: string, actor: string, at: string) => [
    `${ticket},${at}:00:00Z,Laptop for Ann Lee,${requester},Bo Diaz fixed it for Ann Lee,${at}:00:00Z,note,${actor},Spoke with Ann Lee and Bo Diaz`,
    `${ticket},${at}:00:00Z,Laptop for Ann Lee,${requester},Bo Diaz fixed it for Ann Lee,${at}:30:00Z,status,${actor},In Progress`,
  ];
  const csv = [header, ...rows('T1', 'Ann Lee', 'Bo Diaz', '2024-09-03T14'), ...rows('T2', 'Cy Park', 'Bo Diaz', '2024-09-03T15'),
    ...rows('T3', 'staff-0001', 'agent-0002', '2024-09-03T16')].join('\n') + '\n';

  it('replaces a requester’s and an actor’s name only on their own rows, and only where they look like names', async () => {
    const imported = await Database.open(':memory:');
    try {
      // Twice: the second import finds everything stored and changes nothing.
      for (const name of ['a.csv', 'b.csv']) await importFile(imported, writeTemp(name, csv));
      expect(await imported.all('SELECT ticket_id, subject, resolution_text FROM tickets ORDER BY ticket_id')).toEqual([
        { ticket_id: 'T1', subject: 'Laptop for [name]', resolution_text: '[name] fixed it for [name]' },
        { ticket_id: 'T2', subject: 'Laptop for Ann Lee', resolution_text: '[name] fixed it for Ann Lee' },
        { ticket_id: 'T3', subject: 'Laptop for Ann Lee', resolution_text: 'Bo Diaz fixed it for Ann Lee' },
      ]);
      expect(await imported.all('SELECT ticket_id, seq, kind, detail FROM ticket_events ORDER BY ticket_id, seq')).toEqual([
        { ticket_id: 'T1', seq: 1, kind: 'note', detail: 'Spoke with [name] and [name]' },
        { ticket_id: 'T1', seq: 2, kind: 'status', detail: 'In Progress' },
        { ticket_id: 'T2', seq: 1, kind: 'note', detail: 'Spoke with Ann Lee and [name]' },
        { ticket_id: 'T2', seq: 2, kind: 'status', detail: 'In Progress' },
        { ticket_id: 'T3', seq: 1, kind: 'note', detail: 'Spoke with Ann Lee and Bo Diaz' },
        { ticket_id: 'T3', seq: 2, kind: 'status', detail: 'In Progress' },
      ]);
    } finally {
      imported.close();
    }
  });

  it('redacts a ticket’s text with the names on the row each text comes from', async () => {
    const imported = await Database.open(':memory:');
    try {
      // The subject comes from the first row (requested by Ann Lee), the resolution text from
      // the second (requester Cy Park, actor Bo Diaz).
      await importFile(imported, writeTemp('multi.csv', [header,
        'T1,2024-09-03T14:00:00Z,Laptop for Ann Lee,Ann Lee,,2024-09-03T14:00:00Z,note,Bo Diaz,Ann Lee called',
        'T1,2024-09-03T14:00:00Z,,Cy Park,Bo Diaz and Cy Park fixed it for Ann Lee,2024-09-03T15:00:00Z,resolution,Bo Diaz,Done'].join('\n') + '\n'));
      expect(await imported.all('SELECT subject, resolution_text FROM tickets')).toEqual([
        { subject: 'Laptop for [name]', resolution_text: '[name] and [name] fixed it for Ann Lee' },
      ]);
      expect(await imported.all('SELECT detail FROM ticket_events ORDER BY seq')).toEqual([{ detail: '[name] called' }, { detail: 'Done' }]);
    } finally {
      imported.close();
    }
  });
});

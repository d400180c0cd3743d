import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonRecords, type JsonRecordsOptions } from './json-records.ts';

const root = mkdtempSync(join(tmpdir(), 'switchboard-json-records-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** Splits `text` (a hand-made file) and returns what was written, as text. */
async function split(text: string | Buffer, options: Partial<JsonRecordsOptions> = {}) {
  const dir = mkdtempSync(join(root, 'out-'));
  const file = join(root, `in-${n++}.json`);
  writeFileSync(file, text);
  const r = await jsonRecords(file, { recordKeys: ['tickets'], fileName: 'export.json', dir, ...options });
  return {
    ...r,
    docsText: readFileSync(r.docsPath, 'utf8'),
    recordsText: r.recordsPath ? readFileSync(r.recordsPath, 'utf8') : undefined,
  };
}

describe('jsonRecords', () => {
  it('writes the items of a wrapper as doc_no<TAB>record lines, keeping the wrapper\'s other keys with the array emptied', async () => {
    const r = await split('{"tickets":[{"id":1},{"id":2}],"count":2,"next_page":null,"groups":[{"id":7,"name":"IT"}]}');
    expect(r.recordsText).toBe('0\t{"id":1}\n0\t{"id":2}\n');
    expect(r.docsText).toBe('{"tickets":[],"count":2,"next_page":null,"groups":[{"id":7,"name":"IT"}]}\n');
    expect({ docs: r.docs, records: r.records, largestRecord: r.largestRecord, passThrough: r.passThrough }).toEqual({ docs: 1, records: 2, largestRecord: 8, passThrough: false });
  });

  it('is not fooled by brackets, braces, escaped quotes and backslashes inside strings', async () => {
    const r = await split(String.raw`{"tickets":[{"s":"]}[{,"},{"s":"say \"hi\", then \\"},{"s":"\\\"]"}]}`);
    expect(r.recordsText).toBe(String.raw`0	{"s":"]}[{,"}
0	{"s":"say \"hi\", then \\"}
0	{"s":"\\\"]"}
`);
    expect(r.docsText).toBe('{"tickets":[]}\n');
  });

  it('copies UTF-8 and \\u escapes byte for byte, even when a character straddles two chunks', async () => {
    const text = '{"tickets":[{"name":"Zoë Müller 北京 😀","esc":"\\u00e9"}]}';
    const r = await split(text, { chunkBytes: 7 });
    expect(r.recordsText).toBe('0\t{"name":"Zoë Müller 北京 😀","esc":"\\u00e9"}\n');
  });

  it('keeps nested arrays and objects inside a record whole', async () => {
    const r = await split('{"tickets":[{"id":1,"child_events":[{"group_id":[1,[2,3]]},{"tags":[]}]},[4,5]]}');
    expect(r.recordsText).toBe('0\t{"id":1,"child_events":[{"group_id":[1,[2,3]]},{"tags":[]}]}\n0\t[4,5]\n');
  });

  it('gives no records for an empty array, and keeps the wrapper as a document', async () => {
    const r = await split('{"tickets":[],"count":0}');
    expect({ docs: r.docs, records: r.records, recordsText: r.recordsText, docsText: r.docsText }).toEqual({ docs: 1, records: 0, recordsText: '', docsText: '{"tickets":[],"count":0}\n' });
  });

  it('finds the array when its key comes last, after other lists, and removes whitespace outside strings', async () => {
    const text = '{\n  "count": 2,\n  "users": [ {"id": 1, "name": "A B"} ],\n  "tickets": [\n    {"id": 1, "subject": "two  spaces"},\n    {"id": 2}\n  ]\n}\n';
    const r = await split(text);
    expect(r.recordsText).toBe('0\t{"id":1,"subject":"two  spaces"}\n0\t{"id":2}\n');
    expect(r.docsText).toBe('{"count":2,"users":[{"id":1,"name":"A B"}],"tickets":[]}\n');
  });

  it('takes the records of the first key in the connector\'s order when a document has two', async () => {
    const r = await split('{"audits":[{"a":1},{"a":2}],"tickets":[{"t":1}]}\n{"tickets":[],"audits":[{"a":3}]}\n', { recordKeys: ['tickets', 'audits'] });
    expect(r.recordsText).toBe('0\t{"t":1}\n');
    expect(r.docsText).toBe('{"audits":[],"tickets":[]}\n{"tickets":[],"audits":[]}\n');
  });

  it('numbers records by their document: pages of wrappers, and documents without a wrapper are records themselves', async () => {
    const r = await split('{"tickets":[{"id":1}],"page":1}\n{"id":9}\n{"tickets":[{"id":2},{"id":3}],"page":2}\n');
    expect(r.recordsText).toBe('0\t{"id":1}\n1\t{"id":9}\n2\t{"id":2}\n2\t{"id":3}\n');
    expect(r.docsText).toBe('{"tickets":[],"page":1}\n{"id":9}\n{"tickets":[],"page":2}\n');
  });

  it('reads a top-level array as documents, splitting the ones that are wrappers', async () => {
    const r = await split('[ {"id":1},\n {"tickets":[{"id":2}]} ]\n');
    expect(r.docsText).toBe('{"id":1}\n{"tickets":[]}\n');
    expect(r.recordsText).toBe('0\t{"id":1}\n1\t{"id":2}\n');
  });

  it('leaves a top-level array without wrappers as it is, for DuckDB to read as an array', async () => {
    const r = await split('[\n  {"id": 1},\n  {"id": 2, "tags": ["a", "b"]}\n]\n');
    expect({ passThrough: r.passThrough, format: r.format, docs: r.docs, records: r.records, recordsPath: r.recordsPath, largestDoc: r.largestDoc }).toEqual({
      passThrough: true, format: 'array', docs: 2, records: 2, recordsPath: undefined, largestDoc: 29,
    });
  });

  it('leaves a newline-delimited file without wrappers as it is', async () => {
    const r = await split('{"id":1,"s":"a b"}\n{"id":2}\r\n\n{"id":3}\n');
    expect({ passThrough: r.passThrough, format: r.format, docs: r.docs, records: r.records, recordsPath: r.recordsPath, largestDoc: r.largestDoc }).toEqual({
      passThrough: true, format: 'newline_delimited', docs: 3, records: 3, recordsPath: undefined, largestDoc: 18,
    });
    expect(r.docsText).toBe('{"id":1,"s":"a b"}\n{"id":2}\r\n\n{"id":3}\n');
  });

  it('writes documents one a line when they span lines or share one, and drops a byte-order mark', async () => {
    const r = await split(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":1} {"id":2}\n{\n"id":3\n}')]));
    expect({ passThrough: r.passThrough, docsText: r.docsText, recordsPath: r.recordsPath }).toEqual({ passThrough: false, docsText: '{"id":1}\n{"id":2}\n{"id":3}\n', recordsPath: undefined });
  });

  it('refuses a record over the cap, naming the file, the record and what to do', async () => {
    const big = `{"id":3,"s":"${'x'.repeat(40)}"}`;
    await expect(split(`{"tickets":[{"id":1},{"id":2},${big}]}`, { maxRecordBytes: 32 })).rejects.toThrow(
      "export.json: record 3 (the record from byte 30) is larger than 32 bytes, the most one record may hold; check that this is the vendor's ticket export, or export fewer fields per record",
    );
    await expect(split(`{"id":1}\n${big}\n`, { maxRecordBytes: 32 })).rejects.toThrow('export.json: record 2 (the document from byte 9) is larger than 32 bytes');
  });

  it('refuses malformed JSON with the byte where it goes wrong', async () => {
    await expect(split('{"tickets":[{"id":1},{"id":2')).rejects.toThrow('export.json: ends inside a JSON document (at byte 28, document 1); the file looks cut off: export it again');
    await expect(split('{"tickets":[{"id":1]}')).rejects.toThrow("export.json: is not valid JSON: a ']' that closes nothing open at byte 19 (document 1); export the file again");
    await expect(split('{"s":"a\tb"}')).rejects.toThrow('export.json: is not valid JSON: a raw control character (0x09) inside a string at byte 7 (document 1)');
    await expect(split('[{"id":1}] {"id":2}')).rejects.toThrow('export.json: is not valid JSON: more JSON after the end of the top-level array at byte 11');
  });
});

describe('jsonTopLevel', () => {
  it('counts the first document\'s arrays and the items of each, and stops at a second document', async () => {
    const file = join(root, 'top.json');
    writeFileSync(file, '{"n":[1,[2],"x"],"s":"[{","users":[{"u":[{}]}],"e":[],"tickets":[ {"id":1} , {"id":2} ]}');
    const { jsonTopLevel } = await import('./json-records.ts');
    expect(await jsonTopLevel(file, { fileName: 'top.json', chunkBytes: 5 })).toEqual({
      docs: 1,
      firstIsObject: true,
      arrays: [
        { key: 'n', rawKey: 'n', items: 3, firstIsObject: false },
        { key: 'users', rawKey: 'users', items: 1, firstIsObject: true },
        { key: 'e', rawKey: 'e', items: 0, firstIsObject: false },
        { key: 'tickets', rawKey: 'tickets', items: 2, firstIsObject: true },
      ],
    });
    writeFileSync(file, '{"id":1,"a":[{}]}\n{"id":2}\n');
    expect((await jsonTopLevel(file, { fileName: 'top.json' })).docs).toBe(2);
  });
});

describe('jsonSample', () => {
  let m = 0;
  async function sample(text: string | Buffer, options: { records?: number; chunkBytes?: number; maxRecordBytes?: number; gzip?: boolean } = {}) {
    const { jsonSample } = await import('./json-records.ts');
    const file = join(root, `sample-${m++}.json`);
    writeFileSync(file, text);
    return jsonSample(file, { fileName: 'export.json', ...options });
  }

  it('reads a wrapper to its end: its keys in order, every array counted, the first records of each, the largest array of objects as the records', async () => {
    const text = '{"n":[1,"x",{"k":1}],"s":"[{\\"","users":[{"u":[{}]}],"e":[],"tickets":[ {"id":1} , {"id":2,"s":"}]"}, {"id":3} ],"count":3}';
    const s = await sample(text, { records: 2, chunkBytes: 5 });
    expect(s.keys.map((k) => k.key)).toEqual(['n', 's', 'users', 'e', 'tickets', 'count']);
    expect(s.arrays.map(({ key, items, firstIsObject, records }) => ({ key, items, firstIsObject, records }))).toEqual([
      { key: 'n', items: 3, firstIsObject: false, records: [{ k: 1 }] },
      { key: 'users', items: 1, firstIsObject: true, records: [{ u: [{}] }] },
      { key: 'e', items: 0, firstIsObject: false, records: [] },
      { key: 'tickets', items: 3, firstIsObject: true, records: [{ id: 1 }, { id: 2, s: '}]' }] },
    ]);
    expect({ shape: s.shape, recordKey: s.recordKey, records: s.records, bytesRead: s.bytesRead, complete: s.complete })
      .toEqual({ shape: 'object', recordKey: 'tickets', records: [{ id: 1 }, { id: 2, s: '}]' }], bytesRead: text.length, complete: true });
  });

  it('takes the first of two equally large arrays of objects, and an object without one as its own record', async () => {
    const tie = await sample('{"users":[{"u":1},{"u":2}],"tickets":[{"id":1},{"id":2}]}');
    expect([tie.recordKey, tie.records]).toEqual(['users', [{ u: 1 }, { u: 2 }]]);
    const plain = await sample('{"id":7,"tags":["a","b"],"group":{"name":"IT"}}', { chunkBytes: 4 });
    expect([plain.recordKey, plain.records]).toEqual([undefined, [{ id: 7, tags: ['a', 'b'], group: { name: 'IT' } }]]);
  });

  it('keeps keys as JSON writes them: escapes decoded, a repeated key repeated', async () => {
    const s = await sample('{"a\\"b":[{"x":1}],"t\\u00e9":2,"a\\"b":[]}');
    expect(s.keys.map((k) => [k.key, k.array?.items])).toEqual([['a"b', 1], ['té', undefined], ['a"b', 0]]);
  });

  it('stops a top-level array after its first records, reading no further', async () => {
    const items = Array.from({ length: 50 }, (_, i) => `{"id":${i + 1}}`);
    const text = `["x", 3, ${items.join(',')}]`;
    const s = await sample(text, { records: 3 });
    expect({ shape: s.shape, records: s.records, complete: s.complete }).toEqual({ shape: 'array', records: [{ id: 1 }, { id: 2 }, { id: 3 }], complete: false });
    expect(s.bytesRead).toBe(text.indexOf('{"id":4}') - 1);
    expect((await sample('[1, [2], "{"]')).records).toEqual([]);
  });

  it('stops newline-delimited documents after their first records, and says whether the first is alone on line 1', async () => {
    const text = '{"id":1}\n"text"\n42\n[1]\n{"id":2}\n{"id":3}\n{"id":4}\n';
    const s = await sample(text, { records: 2, chunkBytes: 3 });
    expect({ shape: s.shape, records: s.records, firstOnFirstLine: s.firstOnFirstLine, secondAt: s.secondAt, complete: s.complete })
      .toEqual({ shape: 'lines', records: [{ id: 1 }, { id: 2 }], firstOnFirstLine: true, secondAt: 9, complete: false });
    expect(s.bytesRead).toBe(text.indexOf('{"id":3}'));
    const pretty = await sample('{"id": 1,\n "a": [{"x": 1}]}\n{"id": 2}\n');
    expect({ firstOnFirstLine: pretty.firstOnFirstLine, secondAt: pretty.secondAt }).toEqual({ firstOnFirstLine: false, secondAt: 28 });
    expect((await sample('{"id":1} {"id":2}\n')).firstOnFirstLine).toBe(false);
  });

  it('reads a first document that looked like a wrapper again when another follows: it is a record', async () => {
    const s = await sample('{"ticket":1,"events":[{"e":1},{"e":2}]}\n{"ticket":2,"events":[]}\n', { chunkBytes: 4 });
    expect(s.records).toEqual([{ ticket: 1, events: [{ e: 1 }, { e: 2 }] }, { ticket: 2, events: [] }]);
  });

  it('skips a byte-order mark and reads gzip, within the decompression budget', async () => {
    const { gzipSync } = await import('node:zlib');
    const s = await sample(gzipSync(Buffer.from('\uFEFF{"Items":[{"TicketId":"a"}],"ItemCount":1}')), { gzip: true });
    expect([s.keys.map((k) => k.key), s.records]).toEqual([['Items', 'ItemCount'], [{ TicketId: 'a' }]]);
    await expect(sample(gzipSync(Buffer.from('{"Items":[]}')).subarray(0, 12), { gzip: true })).rejects.toThrow('export.json: is not a complete gzip file');
  });

  it('refuses malformed JSON and records over the cap, naming the file and the byte', async () => {
    await expect(sample('{"tickets":[{"id":1},{"id":2')).rejects.toThrow('export.json: starts like JSON but is not valid JSON (it ends inside a document at byte 28: the file looks cut off); export it again');
    await expect(sample('{"tickets":[{"id":1]}')).rejects.toThrow("export.json: starts like JSON but is not valid JSON (a ']' that closes nothing open at byte 19); export it again");
    await expect(sample('{"tickets":[{"id":1},{"id" 2}]}')).rejects.toThrow('export.json: starts like JSON but is not valid JSON (the record from byte 21 does not parse: ');
    await expect(sample(`[{"id":1},{"s":"${'x'.repeat(40)}"}]`, { maxRecordBytes: 32 })).rejects.toThrow(
      'export.json: the record from byte 10 is larger than 32 bytes, the most one record may hold',
    );
    // A wrapper over the cap is no record: only its records are held to it.
    expect((await sample(`{"s":"${'x'.repeat(40)}","tickets":[{"id":1}]}`, { maxRecordBytes: 32 })).records).toEqual([{ id: 1 }]);
  });
});

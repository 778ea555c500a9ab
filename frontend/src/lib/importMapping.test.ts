import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importMappingSchema } from '@stratum/contracts';
import {
  buildMapping,
  formatOfFile,
  guessMapping,
  isNotUtf8,
  keyFor,
  mappingProblems,
  parseCsvRecords,
  previewCsv,
  previewNdjson,
  readFileHead,
  switchKind,
} from './importMapping';

describe('CSV header reading', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, and strips a BOM', () => {
    const text = '\uFEFFemail,"Full, name","say ""hi""",note\r\njane@example.com,"Jane, D.","x","two\nlines"\r\n';
    expect(parseCsvRecords(text)).toEqual([
      ['email', 'Full, name', 'say "hi"', 'note'],
      ['jane@example.com', 'Jane, D.', 'x', 'two\nlines'],
    ]);
  });

  it('drops the cut-off last record of a file head, but keeps it when the text is the whole file', () => {
    expect(parseCsvRecords('a,b\n1,2\n3,', { complete: false })).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsvRecords('a,b\n1,2\n3,', { complete: true })).toEqual([['a', 'b'], ['1', '2'], ['3', '']]);
    expect(parseCsvRecords('a,b\n\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('previews the columns with the first non-empty sample of each', () => {
    const preview = previewCsv('email, phone ,plan\n,+971501234567,gold\nomar@example.com,,silver\n', true);
    expect(preview.columns).toEqual(['email', 'phone', 'plan']);
    expect(preview.samples).toEqual({ email: 'omar@example.com', phone: '+971501234567', plan: 'gold' });
  });

  it('reads the separator from the header: semicolons (spreadsheets in comma-decimal locales), tabs, or commas', () => {
    expect(previewCsv('E-mail;Betrag;Notiz\nanna@example.de;12,50;"a;b"\n', true)).toEqual({
      columns: ['E-mail', 'Betrag', 'Notiz'],
      samples: { 'E-mail': 'anna@example.de', Betrag: '12,50', Notiz: 'a;b' },
    });
    expect(previewCsv('email\tplan\nomar@example.com\tgold\n', true).columns).toEqual(['email', 'plan']);
    // Separators inside a quoted header name do not count.
    expect(previewCsv('"a;b;c",email,plan\n1,x@example.com,gold\n', true).columns).toEqual(['a;b;c', 'email', 'plan']);
  });

  it('tells a head that is not UTF-8 from one cut in the middle of a character', () => {
    expect(isNotUtf8('name,email\n\uFFFD\uFFFD,x\n', true)).toBe(true);
    expect(isNotUtf8('name,email\nمحمد,x\nمح\uFFFD', false)).toBe(false);
    expect(isNotUtf8('name,email\nمح\uFFFD', true)).toBe(true);
  });

  it('reads only the head of a File', async () => {
    const file = new File(['email,event\n', 'x'.repeat(100)], 'big.csv', { type: 'text/csv' });
    await expect(readFileHead(file, 12)).resolves.toEqual({ text: 'email,event\n', complete: false });
    await expect(readFileHead(file)).resolves.toMatchObject({ complete: true });
  });

  it('reads the head of a gzip-compressed file inflated, even when the head cuts the compressed data short', async () => {
    const text = `email,plan\n${Array.from({ length: 2000 }, (_, i) => `p${i}@example.com,${i % 2 ? 'gold' : 'silver'}`).join('\n')}\n`;
    const compressed = gzipSync(text);
    await expect(readFileHead(new File([compressed], 'people.csv.gz'))).resolves.toEqual({ text, complete: true });
    const cut = await readFileHead(new File([compressed], 'people.csv.gz'), 1024);
    expect(cut.complete).toBe(false);
    expect(cut.text.startsWith('email,plan\np0@example.com,silver\n')).toBe(true);
    expect(previewCsv(cut.text, cut.complete).columns).toEqual(['email', 'plan']);
  });

  it('recognises the import formats by file name', () => {
    expect(formatOfFile('Customers.CSV')).toBe('csv');
    expect(formatOfFile('events.ndjson')).toBe('ndjson');
    expect(formatOfFile('events.jsonl')).toBe('ndjson');
    expect(formatOfFile('events.xlsx')).toBeNull();
    expect(formatOfFile('contacts.csv.gz')).toBe('csv');
    expect(formatOfFile('events.jsonl.GZ')).toBe('ndjson');
    expect(formatOfFile('archive.gz')).toBeNull();
  });
});

describe('mapping guesses', () => {
  it('maps identifiers, event name and time by their usual names, everything else to properties', () => {
    const columns = ['Email', 'Mobile', 'customer_id', 'Event Name', 'timestamp', 'date', 'Order ID', 'consent_email', 'SMS Opt-In', 'device_id'];
    expect(guessMapping(columns, 'events')).toEqual([
      { column: 'Email', target: 'identifier.email', key: '' },
      { column: 'Mobile', target: 'identifier.phone', key: '' },
      { column: 'customer_id', target: 'identifier.external_id', key: '' },
      { column: 'Event Name', target: 'event_name', key: '' },
      { column: 'timestamp', target: 'event_time', key: '' },
      // Only one column can be the event time: the second candidate is kept as data.
      { column: 'date', target: 'properties', key: 'date' },
      { column: 'Order ID', target: 'properties', key: 'Order_ID' },
      { column: 'consent_email', target: 'consent.email', key: '' },
      { column: 'SMS Opt-In', target: 'consent.sms', key: '' },
      { column: 'device_id', target: 'identifier.device_id', key: '' },
    ]);
  });

  it('uses traits instead of properties for profiles, and moves them when the kind changes', () => {
    const rows = guessMapping(['user_id', 'phone', 'tier'], 'profiles');
    expect(rows.map((r) => r.target)).toEqual(['identifier.external_id', 'identifier.phone', 'traits']);
    expect(switchKind(rows, 'events').map((r) => r.target)).toEqual(['identifier.external_id', 'identifier.phone', 'properties']);
  });

  it('judges NDJSON field paths by their last segment', () => {
    const preview = previewNdjson('\n{"user":{"email":"a@b.co","id":7},"event":"Signed Up","props":{"plan":"pro"},"tags":["a"]}\n{"x":1}');
    expect(preview?.columns).toEqual(['user.email', 'user.id', 'event', 'props.plan', 'tags']);
    expect(preview?.samples['tags']).toBe('["a"]');
    expect(guessMapping(preview?.columns ?? [], 'events').map((r) => r.target)).toEqual([
      'identifier.email',
      'properties',
      'event_name',
      'properties',
      'properties',
    ]);
    expect(previewNdjson('not json')).toBeNull();
    expect(previewNdjson('[1,2]')).toBeNull();
    expect(previewNdjson('')).toBeNull();
  });

  it('makes safe keys out of any column name', () => {
    expect(keyFor(' Total (AED) ')).toBe('Total_AED');
    expect(keyFor('utm.source')).toBe('utm.source');
    expect(keyFor('%%%')).toBe('value');
    expect(keyFor('x'.repeat(80))).toHaveLength(64);
  });
});

describe('mapping checks', () => {
  it('builds a mapping the API contract accepts', () => {
    const mapping = buildMapping(guessMapping(['email', 'event', 'when', 'Order ID', 'junk'], 'events').map((row) => (row.column === 'junk' ? { ...row, target: 'ignore' } : row)));
    expect(mapping).toEqual({ email: 'identifier.email', event: 'event_name', when: 'properties.when', 'Order ID': 'properties.Order_ID', junk: 'ignore' });
    expect(importMappingSchema.safeParse(mapping).success).toBe(true);
  });

  it('asks for an identifier, an event name and time for events, one column per single value and valid keys', () => {
    expect(mappingProblems(guessMapping(['plan'], 'events'), 'events')).toEqual([{ code: 'no_identifier' }, { code: 'no_event_name' }, { code: 'no_event_time' }]);
    expect(mappingProblems(guessMapping(['email', 'plan'], 'profiles'), 'profiles')).toEqual([]);
    // The API refuses an event without its time, so a file with no time column would fail on every row.
    expect(mappingProblems(guessMapping(['email', 'event', 'plan'], 'events'), 'events')).toEqual([{ code: 'no_event_time' }]);
    const rows = guessMapping(['email', 'event', 'timestamp', 'plan'], 'events');
    expect(mappingProblems(rows, 'events')).toEqual([]);
    expect(mappingProblems([...rows.slice(0, 3), { column: 'plan', target: 'event_name', key: '' }], 'events')).toEqual([
      { code: 'duplicate_target', target: 'event_name' },
    ]);
    expect(mappingProblems([...rows.slice(0, 3), { column: 'plan', target: 'traits', key: 'has space' }], 'events')).toEqual([
      { code: 'invalid_key', column: 'plan' },
    ]);
    // A column named twice in the header: one of them would be lost.
    const twice = guessMapping(['email', 'event', 'timestamp', 'name', 'name'], 'events');
    expect(mappingProblems(twice, 'events')).toEqual([{ code: 'duplicate_column', column: 'name' }]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ADDRESS_REFUSAL, isPublicAddress, isUnderUrl, PATH_REFUSAL, SourceAccess, URL_REFUSAL } from './source-access';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:0:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    '2001:db8::1',
    'not-an-address',
    '',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('takes %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('isUnderUrl', () => {
  const prefix = new URL('https://data.example.com/talks/');
  it('takes the same origin under the prefix path only', () => {
    expect(isUnderUrl(new URL('https://data.example.com/talks/a.jsonl'), prefix)).toBe(true);
    expect(isUnderUrl(new URL('https://data.example.com/talks/../secret'), prefix)).toBe(false);
    expect(isUnderUrl(new URL('https://data.example.com/talks/%2e%2e/secret'), prefix)).toBe(false);
    expect(isUnderUrl(new URL('https://data.example.com.evil.org/talks/a'), prefix)).toBe(false);
    expect(isUnderUrl(new URL('https://data.example.com:8443/talks/a'), prefix)).toBe(false);
    expect(isUnderUrl(new URL('http://data.example.com/talks/a'), prefix)).toBe(false);
    expect(isUnderUrl(new URL('https://user@data.example.com/talks/a'), prefix)).toBe(true);
    const noSlash = new URL('https://data.example.com/talks');
    expect(isUnderUrl(new URL('https://data.example.com/talks/a'), noSlash)).toBe(true);
    expect(isUnderUrl(new URL('https://data.example.com/talks-private'), noSlash)).toBe(false);
  });
});

describe('SourceAccess', () => {
  let root: string;
  let allowed: string;
  let access: SourceAccess;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'semflow-access-'));
    allowed = path.join(root, 'allowed');
    mkdirSync(path.join(allowed, 'sub'), { recursive: true });
    writeFileSync(path.join(allowed, 'talks.jsonl'), '{}\n');
    writeFileSync(path.join(root, 'outside.jsonl'), '{}\n');
    symlinkSync(path.join(root, 'outside.jsonl'), path.join(allowed, 'link.jsonl'));
    symlinkSync(root, path.join(allowed, 'up'));
    access = new SourceAccess({ allowedPaths: [allowed], allowedUrls: ['http://127.0.0.1:8080/talks/', 'https://example.com/'], allowPrivateAddresses: false });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes paths under an allowed directory, existing or not', async () => {
    await expect(access.checkPath(path.join(allowed, 'talks.jsonl'))).resolves.toBeUndefined();
    await expect(access.checkPath(path.join(allowed, 'sub'))).resolves.toBeUndefined();
    await expect(access.checkPath(allowed)).resolves.toBeUndefined();
    await expect(access.checkPath(path.join(allowed, 'missing.jsonl'))).resolves.toBeUndefined();
  });

  it('refuses escapes by .., symlink and prefix alike, with one answer for existing and missing files', async () => {
    for (const file of [
      '/etc/passwd',
      '/etc/no-such-file',
      path.join(allowed, '..', 'outside.jsonl'),
      path.join(allowed, 'sub', '..', '..', 'outside.jsonl'),
      path.join(allowed, 'link.jsonl'),
      path.join(allowed, 'up', 'outside.jsonl'),
      path.join(allowed, 'up', 'missing.jsonl'),
      `${allowed}-sibling/talks.jsonl`,
    ]) {
      await expect(access.checkPath(file)).rejects.toThrow(`events source refused: ${PATH_REFUSAL}`);
    }
  });

  it('refuses URLs outside the prefixes and non-public addresses even under one', async () => {
    await expect(access.checkUrl('http://127.0.0.1:8080/other')).rejects.toThrow(URL_REFUSAL);
    await expect(access.checkUrl('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(URL_REFUSAL);
    await expect(access.checkUrl('http://127.0.0.1:8080/talks/a.jsonl')).rejects.toThrow(ADDRESS_REFUSAL);
    await expect(access.checkUrl('https://localhost/x')).rejects.toThrow(URL_REFUSAL);
    const privateAllowed = new SourceAccess({ allowedPaths: [], allowedUrls: ['http://127.0.0.1:8080/talks/', 'http://[::1]:8080/'], allowPrivateAddresses: true });
    await expect(privateAllowed.checkUrl('http://127.0.0.1:8080/talks/a.jsonl')).resolves.toEqual(['127.0.0.1']);
    await expect(privateAllowed.checkUrl('http://[::1]:8080/a.jsonl')).resolves.toEqual(['::1']);
  });
});

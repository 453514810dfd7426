import { createHash, timingSafeEqual } from 'node:crypto';
import { parseScopes, type Scope } from './scopes';

export interface ApiKey {
  name: string;
  scopes: Scope[];
  digest: Buffer;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9._~-]{16,256}):(.+)$/;
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * API_KEYS: entries `name:key:scope+scope` separated by commas, e.g.
 * `reports:9f1c…:read:finance+read:talks`. Only digests of the keys are kept. Throws naming the entry by
 * its position and name, never its key.
 */
export function parseApiKeys(setting: string): ApiKey[] {
  const keys: ApiKey[] = [];
  setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .forEach((entry, index) => {
      const match = ENTRY.exec(entry);
      if (!match) throw new Error(`API_KEYS entry ${index + 1} must be name:key:scopes, the key 16-256 characters of A-Z a-z 0-9 . _ ~ -`);
      const [, name, key, scopeList] = match;
      const scopes = parseScopes(scopeList);
      if (!scopes?.length) throw new Error(`API_KEYS entry ${index + 1} (${name}) names an unknown scope`);
      if (keys.some((k) => k.name === name)) throw new Error(`API_KEYS names ${name} twice`);
      keys.push({ name, scopes, digest: digest(key) });
    });
  return keys;
}

/**
 * The configured key a presented one matches, compared in constant time against every entry (so the
 * time taken tells nothing about which entry, or how much of one, matched).
 */
export function findApiKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const sent = digest(presented);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(sent, key.digest) && !found) found = key;
  return found;
}

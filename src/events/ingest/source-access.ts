import { lookup } from 'node:dns/promises';
import { realpath } from 'node:fs/promises';
import { BlockList, isIP } from 'node:net';
import * as path from 'node:path';
import { InvalidInputError } from '../../common/invalid-input.error';

/**
 * What a source named in an admin request may be: a path under EVENTS_SOURCE_ALLOWED_DIRS, or a URL
 * under EVENTS_SOURCE_ALLOWED_URLS whose host resolves to public addresses only (unless
 * EVENTS_SOURCE_ALLOW_PRIVATE_URLS). The operator's own sources (EVENTS_SOURCE, the ingest command) are
 * not checked here.
 */

/** A source a request may not name. The message names the setting, never the source or what is there. */
export class EventsSourceRefused extends InvalidInputError {
  constructor(detail: string) {
    super(`events source refused: ${detail}`, 'source');
    this.name = 'EventsSourceRefused';
  }
}

export const PATH_REFUSAL = 'a path in a request must lie under EVENTS_SOURCE_ALLOWED_DIRS';
export const URL_REFUSAL = 'a URL in a request must lie under EVENTS_SOURCE_ALLOWED_URLS';
export const ADDRESS_REFUSAL = 'the host resolves to a loopback, private, link-local or other non-public address (EVENTS_SOURCE_ALLOW_PRIVATE_URLS)';

/** Addresses that are not on the public internet: this host, its networks, cloud metadata, multicast, reserved. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // Teredo, benchmarking, ORCHID and other IETF protocol assignments
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4: an IPv4 address in disguise
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (::ffff:a.b.c.d, ::a.b.c.d), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^::(?:ffff:(?:0{1,4}:)?)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^::(?:ffff:(?:0{1,4}:)?)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address is on the public internet (false for anything that is not an IP address). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) return isPublicAddress(v4);
  return !NON_PUBLIC.check(address, 'ipv6');
}

/** Whether a path (both absolute and real) is a root or lies under one. */
export function isUnder(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/**
 * The real path of a path, also of one that does not exist: the real path of its nearest existing
 * ancestor with the rest appended. A missing file outside the roots is then refused exactly like an
 * existing one, and a missing one inside them reported missing.
 */
export async function realPathOf(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      if (path.dirname(current) === current) return absolute;
      rest.push(path.basename(current));
    }
  }
}

/** Whether a URL lies under a prefix: same scheme, host and port, and a path at or below the prefix's. */
export function isUnderUrl(url: URL, prefix: URL): boolean {
  if (url.protocol !== prefix.protocol || url.host !== prefix.host) return false;
  const base = prefix.pathname;
  return base.endsWith('/') ? url.pathname.startsWith(base) : url.pathname === base || url.pathname.startsWith(`${base}/`);
}

/** Comma-separated list setting: trimmed, empty entries dropped. */
export const listSetting = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

export interface SourceAccessRules {
  /** Directories (or single files) whose real paths a request may name. */
  allowedPaths: string[];
  /** URL prefixes a request may name. */
  allowedUrls: string[];
  allowPrivateAddresses: boolean;
}

/** The checks on a source named in a request, from EVENTS_SOURCE_ALLOWED_* settings. */
export class SourceAccess {
  private roots?: Promise<string[]>;
  private readonly urlPrefixes: URL[];

  constructor(private readonly rules: SourceAccessRules) {
    this.urlPrefixes = rules.allowedUrls.flatMap((entry) => {
      try {
        return [new URL(entry)];
      } catch {
        return [];
      }
    });
  }

  /** Refuses a path whose real path is outside the allowed ones; the same refusal whether it exists or not. */
  async checkPath(file: string): Promise<void> {
    this.roots ??= Promise.all(this.rules.allowedPaths.map(realPathOf));
    if (!isUnder(await realPathOf(file), await this.roots)) throw new EventsSourceRefused(PATH_REFUSAL);
  }

  /**
   * Refuses a URL outside the allowed prefixes or whose host resolves to a non-public address; else the
   * addresses it resolved to, which the fetch then connects to (no second lookup that could answer
   * differently).
   */
  async checkUrl(url: string): Promise<string[]> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EventsSourceRefused(URL_REFUSAL);
    }
    if (!this.urlPrefixes.some((prefix) => isUnderUrl(parsed, prefix))) throw new EventsSourceRefused(URL_REFUSAL);
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
      } catch {
        throw new EventsSourceRefused('the host name does not resolve');
      }
    }
    if (!this.rules.allowPrivateAddresses && (addresses.length === 0 || !addresses.every(isPublicAddress))) {
      throw new EventsSourceRefused(ADDRESS_REFUSAL);
    }
    return addresses;
  }
}

/**
 * What a credential may do. A GraphQL root field needs one of these (see field-scopes.ts); a request
 * without credentials has PUBLIC_SCOPES.
 */
export const SCOPES = [
  /** Talks and their similarity: public data of the conference. */
  'read:talks',
  /** A user's likes, recommendations and personalised search: what they liked is personal. */
  'read:likes',
  /** Likes and interests: the user's profile. */
  'write:likes',
  /** Account holders and transactions. */
  'read:finance',
  /** Writing account holders and transactions. */
  'write:finance',
  /** Card numbers unmasked in GraphQL output (read:finance alone shows the last four digits). */
  'read:cards',
  /** Acting on any `userid`; without it a token may only name its own subject (its `sub` claim). */
  'act:any-user',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Scopes that no configuration can give to requests without credentials. */
export const NEVER_PUBLIC: ReadonlySet<Scope> = new Set(['read:finance', 'write:finance', 'read:cards']);

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Scopes from a space-, comma- or plus-separated list; undefined when one is not a known scope. */
export function parseScopes(list: string): Scope[] | undefined {
  const names = list.split(/[\s,+]+/).filter(Boolean);
  return names.every(isScope) ? [...new Set(names)] : undefined;
}

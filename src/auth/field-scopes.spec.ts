import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Kind, parse } from 'graphql';
import { ROOT_FIELD_SCOPES, USER_ARGUMENTS } from './field-scopes';

/** Root fields of the served schema, read from the SDL files the GraphQL module loads. */
function servedRootFields(): Record<'Query' | 'Mutation', string[]> {
  const fields = { Query: [] as string[], Mutation: [] as string[] };
  const srcDir = path.join(__dirname, '..');
  for (const feature of readdirSync(srcDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(path.join(srcDir, feature.name)).filter((f) => f.endsWith('.graphql'))) {
      for (const definition of parse(readFileSync(path.join(srcDir, feature.name, file), 'utf8')).definitions) {
        if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
        const type = definition.name.value;
        if (type === 'Query' || type === 'Mutation') fields[type].push(...(definition.fields ?? []).map((f) => f.name.value));
      }
    }
  }
  return fields;
}

describe('ROOT_FIELD_SCOPES', () => {
  it('gives every root field of the schema a scope, and names no field the schema lacks', () => {
    const served = servedRootFields();
    expect(served.Query.length).toBeGreaterThan(10);
    expect(Object.keys(ROOT_FIELD_SCOPES.Query).sort()).toEqual([...served.Query].sort());
    expect(Object.keys(ROOT_FIELD_SCOPES.Mutation).sort()).toEqual([...served.Mutation].sort());
  });

  it('binds every field with a userid argument to its user', () => {
    const sdl = servedRootFields();
    const schemaText = readdirSync(path.join(__dirname, '..'), { recursive: true })
      .filter((f) => String(f).endsWith('.graphql'))
      .map((f) => readFileSync(path.join(__dirname, '..', String(f)), 'utf8'))
      .join('\n');
    const withUserid = [...sdl.Query, ...sdl.Mutation].filter((field) => new RegExp(`\\b${field}\\(userid:|\\b${field}\\([^)]*\\buserid:`).test(schemaText));
    for (const field of withUserid) expect(USER_ARGUMENTS[field]).toEqual(['userid']);
    // Mutations take the userid inside their input objects.
    expect(USER_ARGUMENTS.Likes).toEqual(['liked', 'userid']);
    expect(USER_ARGUMENTS.AddInterest).toEqual(['interest', 'userid']);
    expect(withUserid.sort()).toEqual(['EventsLiked', 'PersonalizedEventSearch', 'RecommendedEvents']);
  });
});

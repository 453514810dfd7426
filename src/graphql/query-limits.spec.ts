import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './query-limits';

const schema = buildSchema(`
  type Talk { id: ID! title: String related: [Talk!]! }
  type Query { talks: [Talk!]! talk(id: ID!): Talk }
`);

const errorsOf = (query: string, maxDepth = 3, maxRootFields = 10, maxAliases = 10) =>
  validate(schema, parse(query), [queryLimitsRule({ maxDepth, maxRootFields, maxAliases })]).map((e) => e.message);

describe('queryLimitsRule', () => {
  it('accepts an operation within the limits', () => {
    expect(errorsOf('{ talks { id related { id title } } }')).toEqual([]);
  });

  it('refuses one deeper than the limit, counting through fragments', () => {
    expect(errorsOf('query Deep { talks { related { related { related { id } } } } }')).toEqual(['operation is 5 levels deep; at most 3 are allowed (GRAPHQL_MAX_DEPTH)']);
    expect(errorsOf('{ talks { ...R } } fragment R on Talk { related { related { id } } }')).toEqual(['operation is 4 levels deep; at most 3 are allowed (GRAPHQL_MAX_DEPTH)']);
  });

  it('counts root fields and aliases through fragments, each spread again', () => {
    expect(errorsOf('{ a: talks { id } b: talks { id } }', 3, 2, 2)).toEqual([]);
    expect(errorsOf('{ ...Q ...Q t: talks { id } } fragment Q on Query { talks { id } }', 3, 2, 1)).toEqual([
      'operation selects 3 root fields; at most 2 are allowed (GRAPHQL_MAX_ROOT_FIELDS)',
    ]);
    expect(errorsOf('{ talks { ...F ...F } } fragment F on Talk { i: id }', 3, 2, 1)).toEqual(['operation has 2 aliases; at most 1 are allowed (GRAPHQL_MAX_ALIASES)']);
  });

  it('adds no depth for introspection, whose schema query nests ofType seven levels', () => {
    expect(errorsOf('{ __schema { types { name fields { type { ofType { ofType { ofType { name } } } } } } } }', 2)).toEqual([]);
  });
});

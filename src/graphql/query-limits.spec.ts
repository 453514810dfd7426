import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from './query-limits';

const schema = buildSchema(`
  type Talk { id: ID! title: String related: [Talk!]! }
  type Query { talks: [Talk!]! talk(id: ID!): Talk }
`);

const errorsOf = (query: string, maxDepth = 3, maxCost = 10) => validate(schema, parse(query), [queryLimitsRule({ maxDepth, maxCost })]).map((e) => e.message);

describe('queryLimitsRule', () => {
  it('accepts an operation within both limits', () => {
    expect(errorsOf('{ talks { id related { id title } } }')).toEqual([]);
  });

  it('refuses one deeper than the limit, counting through fragments', () => {
    expect(errorsOf('query Deep { talks { related { related { related { id } } } } }')).toEqual([
      'operation Deep is 5 levels deep; at most 3 are allowed (GRAPHQL_MAX_DEPTH)',
    ]);
    expect(errorsOf('{ talks { ...R } } fragment R on Talk { related { related { id } } }')).toEqual([
      'operation is 4 levels deep; at most 3 are allowed (GRAPHQL_MAX_DEPTH)',
    ]);
  });

  it('counts every alias and every field a fragment brings in', () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `t${i}: talk(id: "${i}") { __typename }`).join(' ');
    expect(errorsOf(`{ ${aliases} }`)).toEqual(['operation selects 11 fields; at most 10 are allowed (GRAPHQL_MAX_COST)']);
    // Each spread of F brings 4 fields: 2 x (1 + 4) = 10, exactly the limit; one more list is over it.
    expect(errorsOf('{ a: talks { ...F } b: talks { ...F } } fragment F on Talk { id title related { id } }', 5, 10)).toEqual([]);
    expect(errorsOf('{ a: talks { ...F } b: talks { ...F } c: talks { id } } fragment F on Talk { id title related { id } }', 5, 10)).toEqual([
      'operation selects 12 fields; at most 10 are allowed (GRAPHQL_MAX_COST)',
    ]);
  });

  it('leaves introspection out, so GraphiQL can read the schema', () => {
    expect(errorsOf('{ __schema { types { name fields { type { ofType { ofType { ofType { name } } } } } } } }', 2, 3)).toEqual([]);
  });
});

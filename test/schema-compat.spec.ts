import { buildSchema } from 'graphql';
import { schemaIncompatibilities } from './helpers/schema-compat';

/** Problems a client written against `given` meets on `served`; both get a trivial Query if absent. */
function check(given: string, served: string): string[] {
  const withQuery = (sdl: string) => (/type Query\b|schema\s*{/.test(sdl) ? sdl : `type Query { ok: Boolean }\n${sdl}`);
  return schemaIncompatibilities(buildSchema(withQuery(given)), buildSchema(withQuery(served)));
}

describe('schemaIncompatibilities', () => {
  it('finds nothing between a schema and itself, or a superset of it', () => {
    const sdl = `
      interface Node { id: Int! }
      type Item implements Node { id: Int! name: String tags: [String!] }
      input Filter { name: String }
      enum Color { RED GREEN }
      union Found = Item
      type Query { items(filter: Filter, limit: Int = 10): [Item!]! color: Color found: Found }`;
    expect(check(sdl, sdl)).toEqual([]);
    const superset = sdl
      .replace('name: String tags', 'name: String extra: Float tags')
      .replace('GREEN }', 'GREEN BLUE }')
      .replace('limit: Int = 10)', 'limit: Int = 10, offset: Int)')
      .replace('type Query', 'type Other { x: Int }\n type Query');
    expect(check(sdl, superset)).toEqual([]);
  });

  describe('types', () => {
    it('reports a missing type and a type of another kind', () => {
      expect(check('type Extra { a: Int }', '')).toEqual(['type Extra is missing']);
      expect(check('type T { a: Int }', 'interface T { a: Int }')).toEqual([
        'type T is an object type in the given schema but an interface in the served one',
      ]);
      expect(check('scalar DateTime', 'scalar DateTime')).toEqual([]);
      expect(check('scalar DateTime', '')).toEqual(['type DateTime is missing']);
    });

    it('reports a root operation type that is missing or renamed', () => {
      expect(check('type Mutation { go: Int }', '')).toEqual(['the served schema has no mutation root', 'type Mutation is missing']);
      expect(check('type Mutation { go: Int }', 'type Mutation { go: Int }')).toEqual([]);
      expect(
        check('schema { query: Q } type Q { a: Int }', 'schema { query: Root } type Root { a: Int } type Q { a: Int }'),
      ).toEqual(['the query root is Q in the given schema but Root in the served one']);
    });
  });

  describe('output fields', () => {
    it('reports a missing field and accepts an added one', () => {
      expect(check('type T { a: Int b: Int }', 'type T { a: Int }')).toEqual(['field T.b is missing']);
      expect(check('type T { a: Int }', 'type T { a: Int b: Int }')).toEqual([]);
    });

    it('accepts a field that became non-null, rejects one that became nullable', () => {
      expect(check('type T { a: Int }', 'type T { a: Int! }')).toEqual([]);
      expect(check('type T { a: Int! }', 'type T { a: Int }')).toEqual([
        'field T.a: given Int!, served Int: may be null where the given schema promises a value',
      ]);
      expect(check('type T { a: [Int] }', 'type T { a: [Int!]! }')).toEqual([]);
      expect(check('type T { a: [Int!]! }', 'type T { a: [Int]! }')).toEqual([
        'field T.a: given [Int!]!, served [Int]!: may be null where the given schema promises a value',
      ]);
    });

    it('rejects another named type and a change between list and single value', () => {
      expect(check('type T { a: Int }', 'type T { a: String }')).toEqual(['field T.a: given Int, served String: String does not satisfy Int']);
      expect(check('type T { a: [Int] }', 'type T { a: Int }')).toEqual(['field T.a: given [Int], served Int: is no longer a list']);
      expect(check('type T { a: Int }', 'type T { a: [Int] }')).toEqual(['field T.a: given Int, served [Int]: has become a list']);
    });

    it('accepts a type that satisfies a given interface, rejects one that does not', () => {
      const given = 'interface Node { id: Int } type A implements Node { id: Int } type B { id: Int } type T { n: Node }';
      expect(check(given, given.replace('n: Node', 'n: A'))).toEqual([]);
      expect(check(given, given.replace('n: Node', 'n: B'))).toEqual(['field T.n: given Node, served B: B does not satisfy Node']);
      // An object is satisfied only by itself: an interface it implements would lose its fields.
      const union = 'type A { id: Int } type B { id: Int } union U = A type T { u: U }';
      expect(check(union, union.replace('u: U', 'u: A'))).toEqual([]);
      expect(check(union, union.replace('u: U', 'u: B'))).toEqual(['field T.u: given U, served B: B does not satisfy U']);
      const objectGiven = given.replace('n: Node', 'n: A');
      expect(check(objectGiven, given)).toEqual(['field T.n: given A, served Node: Node does not satisfy A']);
    });

    it('reports an interface the type no longer implements', () => {
      const given = 'interface Node { id: Int } type A implements Node { id: Int }';
      expect(check(given, 'interface Node { id: Int } type A { id: Int }')).toEqual(['A no longer implements Node']);
      expect(check('interface Node { id: Int } type A { id: Int }', given)).toEqual([]);
    });
  });

  describe('arguments', () => {
    const field = (args: string) => `type Query { f${args}: Int }`;

    it('reports a missing argument and accepts an added optional one', () => {
      expect(check(field('(a: Int)'), field(''))).toEqual(['argument Query.f(a:) is missing']);
      expect(check(field(''), field('(a: Int, b: Int! = 1)'))).toEqual([]);
    });

    it('reports an added required argument', () => {
      expect(check(field(''), field('(a: Int!)'))).toEqual(['argument Query.f(a:) is required in the served schema but absent from the given one']);
    });

    it('accepts a type that accepts more values, rejects one that accepts fewer', () => {
      expect(check(field('(a: Int!)'), field('(a: Int)'))).toEqual([]);
      expect(check(field('(a: Int!)'), field('(a: Int!)'))).toEqual([]);
      expect(check(field('(a: Int)'), field('(a: Int!)'))).toEqual([
        'argument Query.f(a:): given Int, served Int! does not accept every value the given type accepts',
      ]);
      // An explicit null was accepted; a default does not make the non-null type take it.
      expect(check(field('(a: Int)'), field('(a: Int! = 1)'))).toEqual([
        'argument Query.f(a:): given Int, served Int! does not accept every value the given type accepts',
      ]);
      expect(check(field('(a: [Int!])'), field('(a: [Int])'))).toEqual([]);
      expect(check(field('(a: [Int])'), field('(a: [Int!])'))).toEqual([
        'argument Query.f(a:): given [Int], served [Int!] does not accept every value the given type accepts',
      ]);
      expect(check(field('(a: [Int])'), field('(a: Int)'))).toEqual([
        'argument Query.f(a:): given [Int], served Int does not accept every value the given type accepts',
      ]);
      expect(check(field('(a: Int)'), field('(a: String)'))).toEqual([
        'argument Query.f(a:): given Int, served String does not accept every value the given type accepts',
      ]);
    });

    it('accepts a defaulted non-null argument served as a nullable one with a default (DataSQRL v0.5 limit)', () => {
      expect(check(field('(limit: Int! = 10)'), field('(limit: Int = 10)'))).toEqual([]);
    });

    it('reports an argument that could be left out but no longer can', () => {
      expect(check(field('(a: Int! = 0)'), field('(a: Int!)'))).toEqual([
        'argument Query.f(a:) may be omitted in the given schema but is required in the served one',
      ]);
      expect(check(field('(a: Int! = 0)'), field('(a: Int! = 5)'))).toEqual([]);
    });
  });

  describe('input objects', () => {
    const input = (fields: string) => `input In { ${fields} } type Query { f(in: In): Int }`;

    it('reports a missing input field and an added required one; accepts an added optional one', () => {
      expect(check(input('a: Int b: Int'), input('a: Int'))).toEqual(['input field In.b is missing']);
      expect(check(input('a: Int'), input('a: Int b: Int!'))).toEqual(['input field In.b is required in the served schema but absent from the given one']);
      expect(check(input('a: Int'), input('a: Int b: Int c: Int! = 3'))).toEqual([]);
    });

    it('applies the argument type rules to input fields', () => {
      expect(check(input('a: Int!'), input('a: Int'))).toEqual([]);
      expect(check(input('a: Int'), input('a: Int!'))).toEqual([
        'input field In.a: given Int, served Int! does not accept every value the given type accepts',
      ]);
      expect(check(input('a: Int! = 1'), input('a: Int!'))).toEqual(['input field In.a may be omitted in the given schema but is required in the served one']);
    });
  });

  describe('enums, unions, directives', () => {
    it('reports a missing enum value and accepts an added one', () => {
      expect(check('enum E { A B }', 'enum E { A }')).toEqual(['enum value E.B is missing']);
      expect(check('enum E { A }', 'enum E { A B }')).toEqual([]);
    });

    it('reports a missing union member and accepts an added one', () => {
      const types = 'type A { a: Int } type B { b: Int } ';
      expect(check(`${types} union U = A | B`, `${types} union U = A`)).toEqual(['union member U.B is missing']);
      expect(check(`${types} union U = A`, `${types} union U = A | B`)).toEqual([]);
    });

    it('reports a missing directive, a dropped location and a missing directive argument', () => {
      expect(check('directive @cached(ttl: Int) on FIELD', '')).toEqual(['directive @cached is missing']);
      expect(check('directive @cached(ttl: Int) on FIELD | QUERY', 'directive @cached(ttl: Int) on FIELD')).toEqual([
        'directive @cached is no longer allowed on QUERY',
      ]);
      expect(check('directive @cached(ttl: Int) on FIELD', 'directive @cached on FIELD')).toEqual(['argument @cached(ttl:) is missing']);
      expect(check('directive @cached(ttl: Int) on FIELD', 'directive @cached(ttl: Int, scope: String) on FIELD | QUERY')).toEqual([]);
    });
  });
});

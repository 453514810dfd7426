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
      expect(check('type Extra { a: Int }', '')).toEqual(['Extra was removed.']);
      expect(check('type T { a: Int }', 'interface T { a: Int }')).toEqual(['T changed from an Object type to an Interface type.']);
      expect(check('scalar DateTime', 'scalar DateTime')).toEqual([]);
      expect(check('scalar DateTime', '')).toEqual(['DateTime was removed.']);
    });

    it('reports a missing root operation type', () => {
      expect(check('type Mutation { go: Int }', '')).toEqual(['Mutation was removed.']);
      expect(check('type Mutation { go: Int }', 'type Mutation { go: Int }')).toEqual([]);
    });

    it('does not report a built-in scalar the served schema leaves unused (relaxation 1)', () => {
      expect(check('type T { a: Float }', 'type T { a: Float }')).toEqual([]);
      expect(check('type T { a: Float }', '')).toEqual(['T was removed.']);
    });
  });

  describe('output fields', () => {
    it('reports a missing field and accepts an added one', () => {
      expect(check('type T { a: Int b: Int }', 'type T { a: Int }')).toEqual(['T.b was removed.']);
      expect(check('type T { a: Int }', 'type T { a: Int b: Int }')).toEqual([]);
    });

    it('accepts a field that became non-null, rejects one that became nullable', () => {
      expect(check('type T { a: Int }', 'type T { a: Int! }')).toEqual([]);
      expect(check('type T { a: Int! }', 'type T { a: Int }')).toEqual(['T.a changed type from Int! to Int.']);
      expect(check('type T { a: [Int] }', 'type T { a: [Int!]! }')).toEqual([]);
      expect(check('type T { a: [Int!]! }', 'type T { a: [Int]! }')).toEqual(['T.a changed type from [Int!]! to [Int]!.']);
    });

    it('rejects another named type and a change between list and single value', () => {
      expect(check('type T { a: Int }', 'type T { a: String }')).toEqual(['T.a changed type from Int to String.']);
      expect(check('type T { a: [Int] }', 'type T { a: Int }')).toEqual(['T.a changed type from [Int] to Int.']);
      expect(check('type T { a: Int }', 'type T { a: [Int] }')).toEqual(['T.a changed type from Int to [Int].']);
    });

    it('accepts a type that satisfies a given interface or union (relaxation 2), rejects one that does not', () => {
      const given = 'interface Node { id: Int } type A implements Node { id: Int } type B { id: Int } type T { n: Node }';
      expect(check(given, given.replace('n: Node', 'n: A'))).toEqual([]);
      expect(check(given.replace('n: Node', 'n: [Node]'), given.replace('n: Node', 'n: [A!]!'))).toEqual([]);
      expect(check(given.replace('n: Node', 'n: Node!'), given.replace('n: Node', 'n: A'))).toEqual(['T.n changed type from Node! to A.']);
      expect(check(given, given.replace('n: Node', 'n: B'))).toEqual(['T.n changed type from Node to B.']);
      // An object is satisfied only by itself: an interface it implements would lose its fields.
      const union = 'type A { id: Int } type B { id: Int } union U = A type T { u: U }';
      expect(check(union, union.replace('u: U', 'u: A'))).toEqual([]);
      expect(check(union, union.replace('u: U', 'u: B'))).toEqual(['T.u changed type from U to B.']);
      const objectGiven = given.replace('n: Node', 'n: A');
      expect(check(objectGiven, given)).toEqual(['T.n changed type from A to Node.']);
    });

    it('reports an interface the type no longer implements', () => {
      const given = 'interface Node { id: Int } type A implements Node { id: Int }';
      expect(check(given, 'interface Node { id: Int } type A { id: Int }')).toEqual(['A no longer implements interface Node.']);
      expect(check('interface Node { id: Int } type A { id: Int }', given)).toEqual([]);
    });
  });

  describe('arguments', () => {
    const field = (args: string) => `type Query { f${args}: Int }`;

    it('reports a missing argument and accepts an added optional one', () => {
      expect(check(field('(a: Int)'), field(''))).toEqual(['Query.f arg a was removed.']);
      expect(check(field(''), field('(a: Int, b: Int! = 1)'))).toEqual([]);
    });

    it('reports an added required argument', () => {
      expect(check(field(''), field('(a: Int!)'))).toEqual(['A required arg a on Query.f was added.']);
    });

    it('accepts a type that accepts more values, rejects one that accepts fewer', () => {
      expect(check(field('(a: Int!)'), field('(a: Int)'))).toEqual([]);
      expect(check(field('(a: Int!)'), field('(a: Int!)'))).toEqual([]);
      expect(check(field('(a: Int)'), field('(a: Int!)'))).toEqual(['Query.f arg a has changed type from Int to Int!.']);
      // An explicit null was accepted; a default does not make the non-null type take it.
      expect(check(field('(a: Int)'), field('(a: Int! = 1)'))).toEqual(['Query.f arg a has changed type from Int to Int!.']);
      expect(check(field('(a: [Int!])'), field('(a: [Int])'))).toEqual([]);
      expect(check(field('(a: [Int])'), field('(a: [Int!])'))).toEqual(['Query.f arg a has changed type from [Int] to [Int!].']);
      expect(check(field('(a: [Int])'), field('(a: Int)'))).toEqual(['Query.f arg a has changed type from [Int] to Int.']);
      expect(check(field('(a: Int)'), field('(a: String)'))).toEqual(['Query.f arg a has changed type from Int to String.']);
    });

    it('accepts a defaulted non-null argument served as a nullable one with a default (DataSQRL v0.5 limit)', () => {
      expect(check(field('(limit: Int! = 10)'), field('(limit: Int = 10)'))).toEqual([]);
    });

    it('reports an argument that could be left out but no longer can', () => {
      expect(check(field('(a: Int! = 0)'), field('(a: Int!)'))).toEqual(['Query.f arg a defaultValue was removed.']);
      expect(check(field('(a: Int! = 0)'), field('(a: Int! = 5)'))).toEqual([]);
      // Still optional: a nullable argument may be left out with or without a default.
      expect(check(field('(a: Int = 0)'), field('(a: Int)'))).toEqual([]);
    });
  });

  describe('input objects', () => {
    const input = (fields: string) => `input In { ${fields} } type Query { f(in: In): Int }`;

    it('reports a missing input field and an added required one; accepts an added optional one', () => {
      expect(check(input('a: Int b: Int'), input('a: Int'))).toEqual(['In.b was removed.']);
      expect(check(input('a: Int'), input('a: Int b: Int!'))).toEqual(['A required field b on input type In was added.']);
      expect(check(input('a: Int'), input('a: Int b: Int c: Int! = 3'))).toEqual([]);
    });

    it('applies the argument type rules to input fields', () => {
      expect(check(input('a: Int!'), input('a: Int'))).toEqual([]);
      expect(check(input('a: Int'), input('a: Int!'))).toEqual(['In.a changed type from Int to Int!.']);
    });
  });

  describe('enums, unions, directives', () => {
    it('reports a missing enum value and accepts an added one', () => {
      expect(check('enum E { A B }', 'enum E { A }')).toEqual(['B was removed from enum type E.']);
      expect(check('enum E { A }', 'enum E { A B }')).toEqual([]);
    });

    it('reports a missing union member and accepts an added one', () => {
      const types = 'type A { a: Int } type B { b: Int } ';
      expect(check(`${types} union U = A | B`, `${types} union U = A`)).toEqual(['B was removed from union type U.']);
      expect(check(`${types} union U = A`, `${types} union U = A | B`)).toEqual([]);
    });

    it('reports a missing directive, a dropped location and a missing directive argument', () => {
      expect(check('directive @cached(ttl: Int) on FIELD', '')).toEqual(['cached was removed.']);
      expect(check('directive @cached(ttl: Int) on FIELD | QUERY', 'directive @cached(ttl: Int) on FIELD')).toEqual(['QUERY was removed from cached.']);
      expect(check('directive @cached(ttl: Int) on FIELD', 'directive @cached on FIELD')).toEqual(['ttl was removed from cached.']);
      expect(check('directive @cached(ttl: Int) on FIELD', 'directive @cached(ttl: Int, scope: String) on FIELD | QUERY')).toEqual([]);
    });
  });
});

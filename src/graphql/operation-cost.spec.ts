import { getIntrospectionQuery, OperationDefinitionNode, parse, validate } from 'graphql';
import { servedSchema } from '../../test/helpers/served-schema';
import { fragmentsByName } from './fragments';
import { operationCost } from './operation-cost';
import { queryLimitsRule } from './query-limits';

const costOf = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return operationCost({ schema: servedSchema, operation, fragments: fragmentsByName(document), variables, maxPageSize: 1000 });
};

describe('operationCost', () => {
  it('counts each selected field once, fragments expanded, a read adding its page: limit / 10', () => {
    // 1 (Events) + 2 fields + ceil(5 / 10)
    expect(costOf('{ Events(limit: 5) { id title } }')).toEqual({ cost: 4, rootFields: 1, expensiveUnits: 0 });
    expect(costOf('{ Events(limit: 1000) { ...F } } fragment F on Events { id title speakers { name } }').cost).toBe(1 + 4 + 100);
  });

  it('weighs a limit given as a variable by its value, else its default, else the field default; null as a full page', () => {
    const query = 'query Q($n: Int) { TransactionSearch(text: "x", limit: $n) { score } }';
    expect(costOf(query, { n: 1000 }).cost).toBe(2 + 50 + 100);
    expect(costOf(query, {}).cost).toBe(2 + 50 + 1); // TransactionSearch's default limit: 10
    expect(costOf('query Q($n: Int = 500) { TransactionSearch(text: "x", limit: $n) { score } }', {}).cost).toBe(2 + 50 + 50);
    expect(costOf('{ EventsLiked(userid: "ann") { id } }').cost).toBe(2 + 100); // no default: MAX_PAGE_SIZE
    expect(costOf('{ EventsLiked(userid: "ann", limit: null) { id } }').cost).toBe(2 + 100);
    // More than MAX_PAGE_SIZE is refused by the resolver without reading; it weighs a full page.
    expect(costOf(query, { n: 1e9 }).cost).toBe(2 + 50 + 100);
  });

  it('weighs every alias of an inference or a vector search, and counts them as expensive units', () => {
    const searches = Array.from({ length: 500 }, (_, i) => `s${i}: TransactionSearch(text: "t", limit: 1000) { score }`).join(' ');
    expect(costOf(`{ ${searches} }`)).toEqual({ cost: 500 * 152, rootFields: 500, expensiveUnits: 500 });
    expect(costOf('{ a: SimilarEvents(eventId: 1) { id } b: RecommendedEvents(userid: "u") { id } }')).toEqual({ cost: 2 * (2 + 10 + 1), rootFields: 2, expensiveUnits: 2 });
  });

  it('counts introspection: every field of it and 50 for each aliased __schema or __type', () => {
    expect(costOf('{ __schema { types { name } } }').cost).toBe(3 + 50);
    const aliases = Array.from({ length: 400 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ');
    expect(costOf(`{ ${aliases} }`).cost).toBe(400 * 53);
    expect(costOf('{ a: __type(name: "Events") { name } b: __typename }').cost).toBe(2 + 50 + 1);
  });

  it("lets GraphiQL's schema query through at the default limits (cost 1000, depth 10, tokens 10000)", () => {
    for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
      const query = getIntrospectionQuery(options);
      expect(costOf(query).cost).toBeLessThanOrEqual(500);
      const rule = queryLimitsRule({ maxDepth: 10, maxRootFields: 50, maxAliases: 50 });
      expect(validate(servedSchema, parse(query, { maxTokens: 10000 }), [rule])).toEqual([]);
    }
  });

  it('counts mutations per root field, every alias one', () => {
    expect(costOf('mutation { a: AddInterest(interest: {text: "x", userid: "u"}) { userid } b: AddInterest(interest: {text: "y", userid: "u"}) { userid } }')).toEqual({
      cost: 2 * (2 + 50),
      rootFields: 2,
      expensiveUnits: 0,
    });
  });
});

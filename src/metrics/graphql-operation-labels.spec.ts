import { getOperationAST, parse } from 'graphql';
import { NO_OPERATION, operationLabels, SEVERAL_ROOT_FIELDS } from './graphql-operation-labels';

const labelsOf = (query: string, operationName?: string) => {
  const document = parse(query);
  return operationLabels(getOperationAST(document, operationName) ?? undefined, document);
};

describe('operationLabels', () => {
  it('labels an operation with its type and its one root field, whatever the client named it or aliased it', () => {
    expect(labelsOf('{ Events(limit: 3) { id } }')).toEqual({ operation_type: 'query', field: 'Events' });
    expect(labelsOf('query SomeClientName { talks: Events { id } }')).toEqual({ operation_type: 'query', field: 'Events' });
    expect(labelsOf('mutation M($l: LikedInput!) { Likes(liked: $l) { liked } }')).toEqual({ operation_type: 'mutation', field: 'Likes' });
  });

  it('counts the same root field selected twice as one field', () => {
    expect(labelsOf('{ a: Events(limit: 1) { id } b: Events(limit: 2) { id } }')).toEqual({ operation_type: 'query', field: 'Events' });
  });

  it('labels several root fields as multiple', () => {
    expect(labelsOf('{ Events { id } EventsLiked(userid: "a") { id } }')).toEqual({ operation_type: 'query', field: SEVERAL_ROOT_FIELDS });
  });

  it('finds root fields behind fragment spreads and inline fragments', () => {
    expect(labelsOf('query { ...Root } fragment Root on Query { Events { id } }')).toEqual({ operation_type: 'query', field: 'Events' });
    expect(labelsOf('query { ... on Query { Events { id } } }')).toEqual({ operation_type: 'query', field: 'Events' });
    expect(labelsOf('query { Events { id } ...Root } fragment Root on Query { RecommendedEvents(userid: "a") { id } }')).toEqual({
      operation_type: 'query',
      field: SEVERAL_ROOT_FIELDS,
    });
  });

  it('labels introspection by its root field', () => {
    expect(labelsOf('query IntrospectionQuery { __schema { types { name } } }')).toEqual({ operation_type: 'query', field: '__schema' });
  });

  it('labels a request without an operation as none', () => {
    expect(operationLabels(undefined, undefined)).toEqual({ operation_type: NO_OPERATION, field: NO_OPERATION });
    // Two operations and no operationName: nothing to run.
    expect(labelsOf('query A { Events { id } } query B { Events { id } }')).toEqual({ operation_type: NO_OPERATION, field: NO_OPERATION });
    expect(labelsOf('query A { Events { id } } query B { EventsLiked(userid: "a") { id } }', 'B')).toEqual({ operation_type: 'query', field: 'EventsLiked' });
  });
});

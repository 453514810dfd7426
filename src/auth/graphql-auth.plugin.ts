import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { FieldNode, FragmentDefinitionNode, getArgumentValues, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentsByName } from '../graphql/fragments';
import { ApiAuthenticator, CredentialsRefusedError } from './api-authenticator';
import { ROOT_FIELD_SCOPES, USER_ARGUMENTS } from './field-scopes';
import type { Principal } from './principal';

/** The GraphQL context: Nest puts the request in it; this plugin adds who it acts as. */
export interface AuthContext {
  req?: Request;
  principal?: Principal;
}

const refused = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) =>
  new GraphQLError(message, {
    extensions: {
      code,
      http: code === 'UNAUTHENTICATED' ? { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="semflow"']]) } : { status: 403 },
    },
  });

/** The operation's root fields, fragments expanded (a spread root field needs its scope as much). */
function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...rootFields(selection.selectionSet, fragments, seen));
    else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      fields.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return fields;
}

/** The userid a user-acting field names, or undefined when it cannot be read (then it is refused). */
function userIdOf(schema: GraphQLSchema, typeName: string, field: FieldNode, variables: Record<string, unknown>): unknown {
  const path = USER_ARGUMENTS[field.name.value];
  const definition = (typeName === 'Query' ? schema.getQueryType() : schema.getMutationType())?.getFields()[field.name.value];
  if (!definition) return undefined;
  try {
    let value: unknown = getArgumentValues(definition, field, variables);
    for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  } catch {
    return undefined;
  }
}

/**
 * Authentication and authorisation of every GraphQL operation, before any resolver runs: the request's
 * credentials become a Principal (context.principal), each root field needs its scope (ROOT_FIELD_SCOPES),
 * and a field acting for a user must name the principal's own subject unless it has act:any-user. No
 * credentials and a missing scope: 401 UNAUTHENTICATED. Credentials without the scope: 403 FORBIDDEN.
 * Messages name fields and scopes, never a credential or an argument's value.
 */
export function graphqlAuthPlugin(authenticator: ApiAuthenticator): ApolloServerPlugin<AuthContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema, contextValue }) {
          if (!operation) return;
          let principal: Principal;
          try {
            principal = await authenticator.authenticate(contextValue.req?.headers ?? {});
          } catch (error) {
            if (error instanceof CredentialsRefusedError) throw refused('UNAUTHENTICATED', error.message);
            throw error;
          }
          contextValue.principal = principal;
          authorize(operation, fragmentsByName(document), principal, schema, request.variables ?? {});
        },
      };
    },
  };
}

function authorize(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  principal: Principal,
  schema: GraphQLSchema,
  variables: Record<string, unknown>,
): void {
  const typeName = operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : undefined;
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const name = field.name.value;
    if (name.startsWith('__')) continue;
    const scope = typeName ? ROOT_FIELD_SCOPES[typeName][name] : undefined;
    if (!scope) throw refused('FORBIDDEN', `${name} is open to no credentials`);
    if (!principal.scopes.has(scope)) {
      if (principal.kind === 'anonymous') throw refused('UNAUTHENTICATED', `${name} needs credentials with the ${scope} scope (Authorization: Bearer)`);
      throw refused('FORBIDDEN', `these credentials lack the ${scope} scope that ${name} needs`);
    }
    if (USER_ARGUMENTS[name] && !principal.scopes.has('act:any-user')) {
      const userid = userIdOf(schema, typeName!, field, variables);
      if (principal.subject === undefined || userid !== principal.subject) {
        throw refused('FORBIDDEN', `${name} may only name the credentials' own user (the token's sub) without the act:any-user scope`);
      }
    }
  }
}

import {
  BreakingChange,
  BreakingChangeType,
  DangerousChange,
  DangerousChangeType,
  findBreakingChanges,
  findDangerousChanges,
  GraphQLList,
  GraphQLNonNull,
  GraphQLSchema,
  GraphQLType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isRequiredArgument,
  isTypeSubTypeOf,
  specifiedScalarTypes,
} from 'graphql';

/**
 * Every way a client written against `given` could break against `served`, one graphql-js description
 * per problem; an empty list means compatible. This is graphql-js's findBreakingChanges with two
 * relaxations (see below) and one addition from findDangerousChanges: an argument whose default was
 * removed while it stays non-null can no longer be left out, which fails the client's queries.
 * Like graphql-js 16, it does not compare input field defaults or the names of the root types.
 */
export function schemaIncompatibilities(given: GraphQLSchema, served: GraphQLSchema): string[] {
  const servedWithScalars = withBuiltInScalars(served);
  const breaking = findBreakingChanges(given, servedWithScalars).filter((change) => !isNarrowedToSubtype(change, given, servedWithScalars));
  const removedDefaults = findDangerousChanges(given, servedWithScalars).filter((change) => isDefaultRemovedFromRequired(change, servedWithScalars));
  return [...breaking, ...removedDefaults].map((change) => change.description);
}

/**
 * Relaxation 1: every GraphQL server has the built-in scalars (Int, Float, String, Boolean, ID), but
 * graphql-js leaves the unused ones out of a schema, and findBreakingChanges then reports them as
 * removed. A client cannot notice; each place the given schema uses one is still checked on its own
 * field or argument.
 */
function withBuiltInScalars(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ...specifiedScalarTypes] });
}

/**
 * Relaxation 2: an output field whose given type is an interface or union may be served as a type
 * that satisfies it (same rule as validation: graphql-js's isTypeSubTypeOf). Every selection a client
 * writes on the given type, fragments included, is valid on the served one. graphql-js reports any
 * change of named type, so such a field would otherwise be a FIELD_CHANGED_KIND.
 */
function isNarrowedToSubtype(change: BreakingChange, given: GraphQLSchema, served: GraphQLSchema): boolean {
  const [, typeName, fieldName] = /^(\w+)\.(\w+) changed type from /.exec(change.description) ?? [];
  if (change.type !== BreakingChangeType.FIELD_CHANGED_KIND || !typeName) return false;
  const givenType = given.getType(typeName);
  const servedType = served.getType(typeName);
  if (!(isObjectType(givenType) || isInterfaceType(givenType)) || !(isObjectType(servedType) || isInterfaceType(servedType))) return false;
  const givenFieldType = inSchema(givenType.getFields()[fieldName].type, served);
  return givenFieldType !== undefined && isTypeSubTypeOf(served, servedType.getFields()[fieldName].type, givenFieldType);
}

/** The same wrapped type, its named type taken from `schema` (undefined if the schema lacks it). */
function inSchema(type: GraphQLType, schema: GraphQLSchema): GraphQLType | undefined {
  if (isNonNullType(type)) {
    const inner = inSchema(type.ofType, schema);
    return inner && new GraphQLNonNull(inner);
  }
  if (isListType(type)) {
    const inner = inSchema(type.ofType, schema);
    return inner && new GraphQLList(inner);
  }
  return schema.getType(type.name);
}

/** `f(a: Int! = 0)` may be left out by a client; served as `f(a: Int!)` it may not. */
function isDefaultRemovedFromRequired(change: DangerousChange, served: GraphQLSchema): boolean {
  const [, typeName, fieldName, argName] = /^(\w+)\.(\w+) arg (\w+) defaultValue was removed\.$/.exec(change.description) ?? [];
  if (change.type !== DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE || !typeName) return false;
  const servedType = served.getType(typeName);
  const arg = isObjectType(servedType) || isInterfaceType(servedType) ? servedType.getFields()[fieldName]?.args.find((a) => a.name === argName) : undefined;
  return arg !== undefined && isRequiredArgument(arg);
}

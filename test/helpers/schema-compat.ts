import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  OperationTypeNode,
} from 'graphql';

/**
 * Every way a client written against `given` could break against `served`: missing types, fields,
 * arguments, enum values, union members, interfaces and directives; output types that may now be null
 * or are another type; inputs that no longer accept every value the given schema accepts, or became
 * required. Additions the client cannot notice (new fields, new optional arguments, stricter outputs,
 * looser inputs) are fine. One readable line per problem; an empty list means compatible.
 */
export function schemaIncompatibilities(given: GraphQLSchema, served: GraphQLSchema): string[] {
  const problems: string[] = [];
  compareRoots(given, served, problems);
  for (const type of Object.values(given.getTypeMap())) {
    // Built-in scalars exist in every server; graphql-js just leaves out the unused ones. Each place the
    // given schema uses one is checked on its own field or argument.
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    const other = served.getType(type.name);
    if (!other) problems.push(`type ${type.name} is missing`);
    else if (kindOf(type) !== kindOf(other)) problems.push(`type ${type.name} is ${kindOf(type)} in the given schema but ${kindOf(other)} in the served one`);
    else compareType(type, other, served, problems);
  }
  compareDirectives(given, served, problems);
  return problems;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'an object type';
  if (isInterfaceType(type)) return 'an interface';
  if (isUnionType(type)) return 'a union';
  if (isEnumType(type)) return 'an enum';
  if (isInputObjectType(type)) return 'an input object';
  if (isScalarType(type)) return 'a scalar';
  return 'unknown';
}

/** Operations address the root by operation kind; fields are then looked up on the root's type name. */
function compareRoots(given: GraphQLSchema, served: GraphQLSchema, problems: string[]): void {
  for (const operation of [OperationTypeNode.QUERY, OperationTypeNode.MUTATION, OperationTypeNode.SUBSCRIPTION]) {
    const root = given.getRootType(operation);
    if (!root) continue;
    const other = served.getRootType(operation);
    if (!other) problems.push(`the served schema has no ${operation} root`);
    else if (other.name !== root.name) problems.push(`the ${operation} root is ${root.name} in the given schema but ${other.name} in the served one`);
  }
}

function compareType(type: GraphQLNamedType, other: GraphQLNamedType, served: GraphQLSchema, problems: string[]): void {
  if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(other) || isInterfaceType(other))) {
    // Fragments on an interface are valid inside a type only while the type still implements it.
    const implemented = new Set(other.getInterfaces().map((i) => i.name));
    for (const iface of type.getInterfaces()) {
      if (!implemented.has(iface.name)) problems.push(`${type.name} no longer implements ${iface.name}`);
    }
    const otherFields = other.getFields();
    for (const field of Object.values(type.getFields())) {
      const servedField = otherFields[field.name];
      if (!servedField) problems.push(`field ${type.name}.${field.name} is missing`);
      else compareField(`${type.name}.${field.name}`, field, servedField, served, problems);
    }
  } else if (isInputObjectType(type) && isInputObjectType(other)) {
    compareInputs('input field', type.name, Object.values(type.getFields()), Object.values(other.getFields()), problems);
  } else if (isEnumType(type) && isEnumType(other)) {
    // A client may send or expect any given value; new served values are the server's business.
    for (const value of type.getValues()) {
      if (!other.getValue(value.name)) problems.push(`enum value ${type.name}.${value.name} is missing`);
    }
  } else if (isUnionType(type) && isUnionType(other)) {
    // A fragment on a member that is no longer a member does not validate.
    const members = new Set(other.getTypes().map((t) => t.name));
    for (const member of type.getTypes()) {
      if (!members.has(member.name)) problems.push(`union member ${type.name}.${member.name} is missing`);
    }
  }
}

function compareField(
  where: string,
  field: GraphQLField<unknown, unknown>,
  servedField: GraphQLField<unknown, unknown>,
  served: GraphQLSchema,
  problems: string[],
): void {
  const reason = outputProblem(field.type, servedField.type, served);
  if (reason) problems.push(`field ${where}: given ${String(field.type)}, served ${String(servedField.type)}: ${reason}`);
  compareInputs('argument', where, field.args, servedField.args, problems);
}

/**
 * Why a client that handles values of `given` cannot handle values of `served` (undefined: it can).
 * Outputs may get stricter (non-null for nullable) but never looser, and must be the same named type
 * or, where the given type is an interface or union, a type of the served schema that satisfies it.
 */
function outputProblem(given: GraphQLOutputType, served: GraphQLOutputType, servedSchema: GraphQLSchema): string | undefined {
  if (isNonNullType(given)) {
    if (!isNonNullType(served)) return 'may be null where the given schema promises a value';
    return outputProblem(given.ofType, served.ofType, servedSchema);
  }
  if (isNonNullType(served)) return outputProblem(given, served.ofType, servedSchema);
  if (isListType(given) !== isListType(served)) return isListType(given) ? 'is no longer a list' : 'has become a list';
  if (isListType(given) && isListType(served)) return outputProblem(given.ofType, served.ofType, servedSchema);
  const givenName = (given as GraphQLNamedType).name;
  const servedType = served as GraphQLNamedType;
  if (servedType.name === givenName) return undefined;
  const abstract = servedSchema.getType(givenName);
  if (abstract && isAbstractType(abstract) && (isObjectType(servedType) || isInterfaceType(servedType)) && servedSchema.isSubType(abstract, servedType)) {
    return undefined;
  }
  return `${servedType.name} does not satisfy ${givenName}`;
}

/**
 * Whether `served` accepts every value (literal or variable) `given` accepts: inputs may get looser
 * (nullable for non-null) but never stricter, and lists and named types must stay the same.
 */
function acceptsAll(given: GraphQLInputType, served: GraphQLInputType): boolean {
  if (isNonNullType(served)) return isNonNullType(given) && acceptsAll(given.ofType, served.ofType);
  if (isNonNullType(given)) return acceptsAll(given.ofType, served);
  if (isListType(given) || isListType(served)) return isListType(given) && isListType(served) && acceptsAll(given.ofType, served.ofType);
  return given.name === served.name;
}

type Input = GraphQLArgument | GraphQLInputField;

/** Arguments of a field or directive, and fields of an input object, follow the same rules. */
function compareInputs(what: string, owner: string, given: readonly Input[], served: readonly Input[], problems: string[]): void {
  const label = (name: string) => (what === 'input field' ? `${what} ${owner}.${name}` : `${what} ${owner}(${name}:)`);
  const servedByName = new Map(served.map((input) => [input.name, input]));
  for (const input of given) {
    const other = servedByName.get(input.name);
    if (!other) {
      problems.push(`${label(input.name)} is missing`);
      continue;
    }
    if (!acceptsAll(input.type, other.type)) {
      problems.push(`${label(input.name)}: given ${String(input.type)}, served ${String(other.type)} does not accept every value the given type accepts`);
    } else if (!isRequired(input) && isRequired(other)) {
      // Given `x: Int! = 0` may be left out; served `x: Int!` without a default may not.
      problems.push(`${label(input.name)} may be omitted in the given schema but is required in the served one`);
    }
  }
  const givenNames = new Set(given.map((input) => input.name));
  for (const other of served) {
    if (!givenNames.has(other.name) && isRequired(other)) problems.push(`${label(other.name)} is required in the served schema but absent from the given one`);
  }
}

/** Required = must be written by the client: non-null without a default (graphql-js's own definition). */
function isRequired(input: Input): boolean {
  return isNonNullType(input.type) && input.defaultValue === undefined;
}

function compareDirectives(given: GraphQLSchema, served: GraphQLSchema, problems: string[]): void {
  for (const directive of given.getDirectives()) {
    const other = served.getDirective(directive.name);
    if (!other) {
      problems.push(`directive @${directive.name} is missing`);
      continue;
    }
    for (const location of directive.locations) {
      if (!other.locations.includes(location)) problems.push(`directive @${directive.name} is no longer allowed on ${location}`);
    }
    compareInputs('argument', `@${directive.name}`, directive.args, other.args, problems);
  }
}

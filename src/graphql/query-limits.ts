import { FragmentDefinitionNode, GraphQLError, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { fragmentsByName } from './fragments';
import { selectedFields } from './selected-fields';

export interface QueryLimits {
  /** Deepest field nesting an operation may have (a top-level field is depth 1). */
  maxDepth: number;
  /** Most root fields an operation may select, every alias and fragment spread counted. */
  maxRootFields: number;
  /** Most aliased fields an operation may select, fragments expanded. */
  maxAliases: number;
}

interface Shape {
  depth: number;
  aliases: number;
}

/**
 * Depth and aliases of a selection set, fragments expanded where they are spread. Introspection fields
 * (__schema, __type, __typename) add no depth: GraphiQL's schema query nests ofType seven levels deep.
 * Their cost is counted (operation-cost.ts).
 */
function shapeOf(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): Shape {
  let depth = 0;
  let aliases = 0;
  for (const field of selectedFields(set, fragments)) {
    const inner = field.selectionSet ? shapeOf(field.selectionSet, fragments) : { depth: 0, aliases: 0 };
    aliases += inner.aliases + (field.alias ? 1 : 0);
    if (!field.name.value.startsWith('__')) depth = Math.max(depth, 1 + inner.depth);
  }
  return { depth, aliases };
}

/**
 * A validation rule refusing operations deeper, wider or with more aliases than the limits, before
 * anything runs. Apollo answers it as a GraphQL error with extensions.code GRAPHQL_VALIDATION_FAILED.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsByName(context.getDocument());
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const { depth, aliases } = shapeOf(operation.selectionSet, fragments);
        const rootFields = [...selectedFields(operation.selectionSet, fragments)].length;
        // The operation's name is the client's: the message does not repeat it (the location points at it).
        const refuse = (message: string) => context.reportError(new GraphQLError(`operation ${message}`, { nodes: [operation] }));
        if (depth > limits.maxDepth) refuse(`is ${depth} levels deep; at most ${limits.maxDepth} are allowed (GRAPHQL_MAX_DEPTH)`);
        if (rootFields > limits.maxRootFields) refuse(`selects ${rootFields} root fields; at most ${limits.maxRootFields} are allowed (GRAPHQL_MAX_ROOT_FIELDS)`);
        if (aliases > limits.maxAliases) refuse(`has ${aliases} aliases; at most ${limits.maxAliases} are allowed (GRAPHQL_MAX_ALIASES)`);
      },
    };
  };
}

import { FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { fragmentsByName } from './fragments';

export interface QueryLimits {
  /** Deepest field nesting an operation may have (a top-level field is depth 1). */
  maxDepth: number;
  /** Most fields an operation may select, fragments expanded and every alias counted. */
  maxCost: number;
}

interface Measure {
  depth: number;
  cost: number;
}

/**
 * Depth and cost of a selection set, fragments expanded where they are spread. Introspection fields
 * (__schema, __type, __typename) are left out: GraphiQL's schema query nests ofType seven levels deep,
 * and reading the schema costs no database work. A fragment spread inside itself is GraphQL's own
 * validation error (NoFragmentCycles); here it simply stops.
 */
function measure(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting: Set<string>): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const inner = selection.selectionSet ? measure(selection.selectionSet, fragments, visiting) : { depth: 0, cost: 0 };
      depth = Math.max(depth, 1 + inner.depth);
      cost += 1 + inner.cost;
      continue;
    }
    let inner: Measure;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      inner = measure(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

/**
 * A validation rule refusing operations deeper or larger than the limits, before anything runs. Apollo
 * answers it as a GraphQL error with extensions.code GRAPHQL_VALIDATION_FAILED.
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsByName(context.getDocument());
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const { depth, cost } = measure(operation.selectionSet, fragments, new Set());
        const name = operation.name ? ` ${operation.name.value}` : '';
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`operation${name} is ${depth} levels deep; at most ${limits.maxDepth} are allowed (GRAPHQL_MAX_DEPTH)`, { nodes: [operation] }));
        }
        if (cost > limits.maxCost) {
          context.reportError(new GraphQLError(`operation${name} selects ${cost} fields; at most ${limits.maxCost} are allowed (GRAPHQL_MAX_COST)`, { nodes: [operation] }));
        }
      },
    };
  };
}

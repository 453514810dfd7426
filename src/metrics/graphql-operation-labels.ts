import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentsByName } from '../graphql/fragments';

/** Field label of an operation that selects more than one root field. */
export const SEVERAL_ROOT_FIELDS = 'multiple';
/** Both labels of a request without a valid operation: it did not parse or validate, or named none. */
export const NO_OPERATION = 'none';

export interface OperationLabels {
  operation_type: string;
  field: string;
}

/**
 * Bounded labels for a GraphQL request: its operation type and the root field it selects. Client-chosen
 * operation names and aliases are never used, so the number of label values is bounded by the schema.
 * An operation reaches here only once it has validated, so its root fields are fields of the schema.
 */
export function operationLabels(operation: OperationDefinitionNode | undefined, document: DocumentNode | undefined): OperationLabels {
  if (!operation) return { operation_type: NO_OPERATION, field: NO_OPERATION };
  const fragments = fragmentsByName(document);
  const fields = new Set<string>();
  collectRootFields(operation.selectionSet, fragments, fields, new Set());
  const field = fields.size === 1 ? [...fields][0] : fields.size > 1 ? SEVERAL_ROOT_FIELDS : NO_OPERATION;
  return { operation_type: operation.operation, field };
}

/** Field names of a selection set, through inline fragments and fragment spreads (each fragment once). */
function collectRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, fields: Set<string>, visited: Set<string>): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collectRootFields(selection.selectionSet, fragments, fields, visited);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visited.has(name)) continue;
      visited.add(name);
      collectRootFields(fragment.selectionSet, fragments, fields, visited);
    }
  }
}

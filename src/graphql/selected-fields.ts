import { FieldNode, FragmentDefinitionNode, Kind, SelectionSetNode } from 'graphql';

/**
 * The fields a selection set selects, fragments expanded where they are spread (one field per spread:
 * every alias and every spread counts). A fragment spread inside itself is GraphQL's own validation
 * error (NoFragmentCycles); here it simply stops.
 */
export function* selectedFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, visiting = new Set<string>()): Generator<FieldNode> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      yield selection;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      yield* selectedFields(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      yield* selectedFields(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
  }
}

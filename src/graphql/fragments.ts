import { DocumentNode, FragmentDefinitionNode, Kind } from 'graphql';

/** The fragment definitions of a document by name, for walks that expand fragment spreads. */
export function fragmentsByName(document: DocumentNode | undefined): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document?.definitions ?? []) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

import { FieldNode, FragmentDefinitionNode, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { EXPENSIVE_UNITS, KIND_WEIGHTS, ROOT_FIELD_KINDS, ROWS_PER_COST_UNIT, RootFieldKind } from './root-field-kinds';
import { selectedFields } from './selected-fields';

export interface OperationCost {
  /** Fields selected (each 1), plus each root field's kind weight and page weight, plus schema reads. */
  cost: number;
  /** Root fields selected, every alias counted: what the mutation rate limit takes. */
  rootFields: number;
  /** Vector searches and inferences the operation runs: what the expensive-query rate limit takes. */
  expensiveUnits: number;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
  /** The request's variables as sent (a limit may be one). */
  variables: Record<string, unknown> | undefined;
  /** MAX_PAGE_SIZE: the page an absent or null limit without a default reads, and the most any may. */
  maxPageSize: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** A field's own cost and its selection's, fragments expanded; __schema and __type weigh a schema read. */
function selectionCost(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>): number {
  if (!set) return 0;
  let cost = 0;
  for (const field of selectedFields(set, fragments)) {
    cost += 1 + selectionCost(field.selectionSet, fragments) + (INTROSPECTION_ROOTS.has(field.name.value) ? KIND_WEIGHTS.introspection : 0);
  }
  return cost;
}

const intOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function literalInt(node: ValueNode | undefined): number | null | undefined {
  if (node?.kind === Kind.INT) return Number(node.value);
  if (node?.kind === Kind.NULL) return null;
  return undefined;
}

/** Rows the field's page asks for: its limit argument (literal or variable), its default, else a full page. */
function pageRows(field: FieldNode, input: CostInput, typeName: string): number | undefined {
  const declared = input.schema.getType(typeName);
  const definition = declared && 'getFields' in declared ? declared.getFields()[field.name.value] : undefined;
  const argument = definition && 'args' in definition ? definition.args.find((a) => a.name === 'limit') : undefined;
  if (!argument) return undefined;
  const given = field.arguments?.find((a) => a.name.value === 'limit')?.value;
  let rows: number | null | undefined;
  if (given?.kind === Kind.VARIABLE) {
    const name = given.name.value;
    const sent = input.variables?.[name];
    rows = sent === null ? null : intOf(sent);
    if (rows === undefined) rows = literalInt(input.operation.variableDefinitions?.find((v) => v.variable.name.value === name)?.defaultValue);
  } else {
    rows = literalInt(given);
  }
  if (rows === undefined) rows = intOf(argument.defaultValue);
  return Math.min(Math.max(rows ?? input.maxPageSize, 0), input.maxPageSize);
}

/**
 * What an operation costs, before it runs. A root field missing from ROOT_FIELD_KINDS counts as an
 * inference, the dearest kind, until it is given its own.
 */
export function operationCost(input: CostInput): OperationCost {
  const typeName = input.schema.getRootType(input.operation.operation)?.name ?? '';
  let cost = 0;
  let rootFields = 0;
  let expensiveUnits = 0;
  for (const field of selectedFields(input.operation.selectionSet, input.fragments)) {
    rootFields += 1;
    cost += 1 + selectionCost(field.selectionSet, input.fragments);
    const name = field.name.value;
    if (INTROSPECTION_ROOTS.has(name)) {
      cost += KIND_WEIGHTS.introspection;
      continue;
    }
    if (name === '__typename') continue;
    const kind: RootFieldKind = ROOT_FIELD_KINDS[`${typeName}.${name}`] ?? 'inference';
    const rows = pageRows(field, input, typeName);
    cost += KIND_WEIGHTS[kind] + (rows === undefined ? 0 : Math.ceil(rows / ROWS_PER_COST_UNIT));
    if (input.operation.operation === 'query') expensiveUnits += EXPENSIVE_UNITS[kind];
  }
  return { cost, rootFields, expensiveUnits };
}

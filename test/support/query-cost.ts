import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost, computed from the schema and the variables a request is sent
 * with (https://shopify.dev/docs/api/usage/limits#cost-calculation):
 *
 *   scalar, enum 0 · object 1 · interface, union: the most expensive possible selection ·
 *   connection: sized by `first`/`last` · mutation 10
 *
 * The table leaves the connection formula implicit; this takes Shopify's own worked numbers
 * (products(first: 10) { edges { node { title variants(first: 5) { … price } } } } = 82): a
 * connection costs 2 + size × (its node's cost), `edges`/`nodes`/`pageInfo`/`cursor` add nothing
 * of their own, and every object below a node costs 1 more. A list field that takes `first` (an
 * order's `fulfillments(first:)`) is sized the same way without the 2; any other list of objects
 * counts one item. A mutation's field costs 10 in place of its payload object's 1.
 *
 * The actual cost walks the response instead: connections count the nodes they returned, a null
 * object costs nothing, so it is never above the requested cost.
 */

export class QueryCostError extends Error {}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function operationOf(document: DocumentNode, operationName?: string): OperationDefinitionNode {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) throw new QueryCostError("no operation in the document");
  return operation;
}

/** The requested cost: what the bucket must hold before Shopify runs the query. `variables` are coerced ones. */
export function requestedQueryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return operationCost(schema, document, variables, operationName, undefined);
}

/** The actual cost: the same rules over what the response holds. */
export function actualQueryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, data: unknown, operationName?: string): number {
  return operationCost(schema, document, variables, operationName, data ?? null);
}

function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, data: unknown): number {
  const operation = operationOf(document, operationName);
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const walk: Walk = { schema, fragments, variables };
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) throw new QueryCostError(`the schema has no ${operation.operation} type`);
  return selectionCost(walk, operation.selectionSet, root, data, operation.operation === "mutation");
}

/** Cost of a selection on a value of `type`; for an abstract type, the most expensive possible type. */
function selectionCost(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLCompositeType, data: unknown, isMutationRoot = false): number {
  const candidates = isAbstractType(type) ? walk.schema.getPossibleTypes(type) : [type as GraphQLObjectType];
  let most = 0;
  for (const candidate of candidates) {
    let total = 0;
    for (const [key, nodes] of collectFields(walk, selectionSet, candidate)) {
      const field = candidate.getFields()[nodes[0].name.value];
      if (!field) continue; // __typename and other meta fields cost nothing
      const value = data === undefined ? undefined : (data as Record<string, unknown> | null)?.[key];
      if (data !== undefined && value === undefined) continue;
      total += fieldCost(walk, field, nodes, value, isMutationRoot);
    }
    most = Math.max(most, total);
  }
  return most;
}

function fieldCost(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: FieldNode[], value: unknown, isMutationRoot: boolean): number {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  const composite = named as GraphQLCompositeType;
  const requested = value === undefined;
  if (!requested && value === null) return 0;
  const selection = mergedSelection(nodes);
  const own = isMutationRoot ? 10 : 1;
  if (isConnection(composite)) {
    const size = pageSize(walk, field, nodes);
    if (size === undefined) throw new QueryCostError(`you must provide one of first or last for the ${field.name} connection`);
    const nodeType = getNamedType((composite as GraphQLObjectType).getFields().nodes.type) as GraphQLCompositeType;
    const nodeSelections = connectionNodeSelections(walk, selection, composite as GraphQLObjectType);
    const base = isMutationRoot ? 10 : 2;
    if (!nodeSelections.length) return base;
    const nodeSelection: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: nodeSelections.flatMap((set) => set.selections) };
    if (requested) return base + size * (1 + selectionCost(walk, nodeSelection, nodeType, undefined));
    const connection = value as { nodes?: unknown[]; edges?: { node: unknown }[] };
    const returned = connection.nodes ?? connection.edges?.map((edge) => edge.node) ?? [];
    return base + returned.reduce<number>((sum, node) => sum + (node === null ? 0 : 1 + selectionCost(walk, nodeSelection, nodeType, node)), 0);
  }
  if (isListType(getNullableType(field.type))) {
    const size = pageSize(walk, field, nodes);
    if (requested) return (size ?? 1) * (own + selectionCost(walk, selection, composite, undefined));
    const items = (value as unknown[]).filter((item) => item !== null).map((item) => own + selectionCost(walk, selection, composite, item));
    return size === undefined ? Math.max(0, ...items) : items.reduce((sum, cost) => sum + cost, 0);
  }
  return own + selectionCost(walk, selection, composite, requested ? undefined : value);
}

function isConnection(type: GraphQLCompositeType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return Boolean(fields.nodes && fields.edges && fields.pageInfo);
}

/** The node selections of a connection: `nodes { … }` and `edges { node { … } }`, counted once. */
function connectionNodeSelections(walk: Walk, selection: SelectionSetNode, connection: GraphQLObjectType): SelectionSetNode[] {
  const sets: SelectionSetNode[] = [];
  for (const [, nodes] of collectFields(walk, selection, connection)) {
    const name = nodes[0].name.value;
    if (name === "nodes") sets.push(mergedSelection(nodes));
    if (name === "edges") {
      const edgeType = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
      for (const [, edgeNodes] of collectFields(walk, mergedSelection(nodes), edgeType)) if (edgeNodes[0].name.value === "node") sets.push(mergedSelection(edgeNodes));
    }
  }
  return sets;
}

function pageSize(walk: Walk, field: GraphQLField<unknown, unknown>, nodes: FieldNode[]): number | undefined {
  if (!field.args.some((arg) => arg.name === "first" || arg.name === "last")) return undefined;
  let size: number | undefined;
  for (const node of nodes) {
    const args = getArgumentValues(field, node, walk.variables) as { first?: number | null; last?: number | null };
    const value = args.first ?? args.last;
    if (typeof value === "number") size = Math.max(size ?? 0, value);
  }
  return size;
}

function mergedSelection(nodes: FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []) };
}

/** graphql-js's field collection for one concrete type: fragments applied, @skip/@include honoured. */
function collectFields(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLObjectType, into = new Map<string, FieldNode[]>(), seen = new Set<string>()) {
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(walk, selection.typeCondition?.name.value, type)) collectFields(walk, selection.selectionSet, type, into, seen);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      if (appliesTo(walk, fragment.typeCondition.name.value, type)) collectFields(walk, fragment.selectionSet, type, into, seen);
    }
  }
  return into;
}

function appliesTo(walk: Walk, condition: string | undefined, type: GraphQLObjectType): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = walk.schema.getType(condition);
  return Boolean(conditionType && isAbstractType(conditionType) && walk.schema.isSubType(conditionType, type));
}

function included(walk: Walk, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, walk.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, walk.variables)?.if !== false;
}

/**
 * Derives what the stateful mocks need from a spec: each operation's role towards a resource
 * (`x-mpkit-resource`, with defaults inferred from its path and method) and, per resource kind,
 * its id field, how ids are minted, its date fields and the state machine its status follows.
 * A resource kind is kept only when the spec can both create and read it; every other
 * operation keeps answering the spec's examples.
 */
import { child, get, resolve } from "./json-pointer.js";
import type { OperationModel, ResourceBindingModel, ResourceModel, StateMachineModel } from "./model.js";
import type { Report, ResourceAnnotation } from "./extensions.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);
const plain = (name: string) => name.replace(/[_.-]/g, "").toLowerCase();

/** Role, resource and id input from the path alone: `/invoices` POST creates `invoices` … */
export function inferBinding(op: Pick<OperationModel, "method" | "path">, paths: readonly string[] = []): Partial<ResourceBindingModel> {
  const segments = op.path.split("/").filter(Boolean);
  const last = segments.at(-1);
  const prev = segments.at(-2);
  if (last === undefined) return {};
  const name = (s: string | undefined) => (s !== undefined && !isParam(s) ? s.toLowerCase() : undefined);
  if (isParam(last)) {
    const role = ({ get: "read", put: "update", patch: "update", delete: "delete", post: "transition" } as const)[op.method as "get"];
    return role ? { role, resource: name(prev), param: last.slice(1, -1) } : {};
  }
  // `/merchants/{id}/invoices` is a collection when `/merchants/{id}/invoices/{invoiceId}` exists.
  const collection = paths.some((p) => p.startsWith(`${op.path}/{`) && isParam(p.slice(op.path.length + 1)));
  if (prev !== undefined && isParam(prev) && !collection) {
    const role = op.method === "get" ? "read" : "transition";
    return { role, resource: name(segments.at(-3)), param: prev.slice(1, -1) };
  }
  if (op.method === "get") return { role: "list", resource: name(last) };
  if (op.method === "post") return { role: "create", resource: name(last) };
  return {};
}

/** Properties of an object schema, through `$ref` and `allOf`. */
export function properties(document: Obj, pointer: string, depth = 0): Map<string, { node: Obj; pointer: string; ref?: string }> {
  const out = new Map<string, { node: Obj; pointer: string; ref?: string }>();
  if (depth > 8) return out;
  const found = resolve(document, get(document, pointer), pointer);
  if (!isObj(found.node)) return out;
  const schema = found.node;
  if (isObj(schema.properties)) {
    for (const [key, raw] of Object.entries(schema.properties)) {
      const at = child(found.pointer, "properties", key);
      const ref = isObj(raw) && typeof raw.$ref === "string" ? raw.$ref : undefined;
      const allOfRef = isObj(raw) && Array.isArray(raw.allOf) && isObj(raw.allOf[0]) && typeof raw.allOf[0].$ref === "string" ? raw.allOf[0].$ref : undefined;
      const target = resolve(document, raw, at);
      out.set(key, { node: isObj(target.node) ? target.node : {}, pointer: target.pointer, ...((ref ?? allOfRef) ? { ref: ref ?? allOfRef } : {}) });
    }
  }
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((_, i) => {
      for (const [k, v] of properties(document, child(found.pointer, "allOf", i), depth + 1)) if (!out.has(k)) out.set(k, v);
    });
  }
  return out;
}

/** The item schema of a list operation's 2xx array answer. */
function listItemPointer(document: Obj, list: OperationModel | undefined): string | undefined {
  const pointer = list?.responses.find((r) => /^2\d\d$/.test(r.status) && r.schemaPointer)?.schemaPointer;
  if (pointer === undefined) return undefined;
  const found = resolve(document, get(document, pointer), pointer);
  return isObj(found.node) && found.node.type === "array" && isObj(found.node.items) ? child(found.pointer, "items") : undefined;
}

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/**
 * Fills the bindings' defaults, builds the resource table, and drops bindings of resource kinds
 * the spec cannot both create and read (those operations stay example replay).
 */
export function resourceTable(
  document: Obj,
  operations: OperationModel[],
  annotations: Map<OperationModel, { value: ResourceAnnotation; pointer: string }>,
  machines: StateMachineModel[],
  report: Report,
): Record<string, ResourceModel> {
  const resources: Record<string, ResourceModel> = Object.create(null) as Record<string, ResourceModel>;
  const paths = [...new Set(operations.map((op) => op.path))];
  for (const op of operations) {
    const annotation = annotations.get(op)?.value;
    const inferred = inferBinding(op, paths);
    const role = annotation?.role ?? inferred.role;
    const resource = annotation?.resource ?? inferred.resource;
    if (role === undefined || resource === undefined) continue;
    const param = annotation?.param ?? inferred.param;
    op.resource = {
      role,
      resource,
      ...(param !== undefined ? { param } : {}),
      ...(annotation?.items !== undefined ? { items: annotation.items } : {}),
      ...(annotation?.refuse ? { refuse: annotation.refuse } : {}),
      ...(annotation?.initial !== undefined ? { initial: annotation.initial } : {}),
    };
  }
  const kinds = [...new Set(operations.flatMap((op) => (op.resource ? [op.resource.resource] : [])))];
  for (const kind of kinds) {
    const ops = operations.filter((op) => op.resource?.resource === kind);
    const creates = ops.filter((op) => op.resource!.role === "create");
    const reads = ops.filter((op) => op.resource!.role === "read" && op.resource!.param !== undefined);
    const read = reads.find((op) => op.path.endsWith(`{${op.resource!.param}}`)) ?? reads[0];
    const list = ops.find((op) => op.resource!.role === "list");
    // A kind read only through its list (refunds of a payment) is kept too: its representation is the list's item.
    const schemaPointer = read
      ? read.responses.find((r) => /^2\d\d$/.test(r.status) && r.schemaPointer)?.schemaPointer
      : listItemPointer(document, list);
    const explicitOps = ops.filter((op) => annotations.has(op));
    if (creates.length === 0 || !schemaPointer) {
      for (const op of explicitOps) {
        const at = annotations.get(op)!.pointer;
        report(at, "mpkit-resource", `resource "${kind}" needs an operation that creates it and one that reads it by id or lists it`);
      }
      for (const op of ops) delete op.resource;
      continue;
    }
    const props = properties(document, schemaPointer);
    const named = ops.map((op) => annotations.get(op)?.value.id).find((id) => id !== undefined);
    const param = read?.resource!.param ?? "id";
    const id = named ?? [...props.keys()].find((k) => plain(k) === plain(param)) ?? [...props.keys()].find((k) => plain(k) === "id");
    if (id === undefined || (!props.has(id) && named === undefined)) {
      const at = explicitOps.length > 0 ? annotations.get(explicitOps[0]!)!.pointer : undefined;
      if (at !== undefined) report(at, "mpkit-resource", `resource "${kind}": no field of ${schemaPointer} holds the id; name it with x-mpkit-resource.id`);
      for (const op of ops) delete op.resource;
      continue;
    }
    const idSchema = props.get(id)?.node ?? { format: "uuid" };
    const idType = idSchema.format === "uuid" ? "uuid" : idSchema.type === "integer" ? "integer" : "string";
    const dateFields = [...props.entries()].filter(([, p]) => p.node.format === "date-time").map(([k]) => k);
    let state: ResourceModel["state"];
    for (const [field, p] of props) {
      const schemaName = (p.ref ?? p.pointer).match(SCHEMA_REF)?.[1];
      const machine = machines.find((m) => m.schema === schemaName);
      if (machine) {
        state = { field, machine: machine.schema };
        break;
      }
    }
    const declared = ops.map((op) => annotations.get(op)).find((a) => a?.value.machine !== undefined);
    if (!state && declared) {
      const machine = machines.find((m) => m.schema === declared.value.machine);
      if (!machine) report(declared.pointer, "mpkit-resource", `no state machine "${declared.value.machine}" (an enum schema with x-mpkit-state-machine)`);
      // The state is kept beside the representation when the read answer does not show it.
      else state = { field: props.has("state") ? "mpkitState" : "state", machine: machine.schema };
    }
    for (const op of ops) {
      const initial = op.resource!.initial;
      const machine = state ? machines.find((m) => m.schema === state!.machine) : undefined;
      if (initial !== undefined && !machine?.initial.includes(initial)) {
        report(annotations.get(op)!.pointer, "mpkit-resource", `"${initial}" is not an initial state of ${machine?.schema ?? `resource "${kind}" (it has no state machine)`}`);
      }
    }
    resources[kind] = { id, idType, schema: schemaPointer, dateFields, ...(state ? { state } : {}) };
  }
  return resources;
}

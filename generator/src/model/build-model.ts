/**
 * Builds the product model from a bundled spec. Everything an emitter needs is derived
 * here once: operations with resolved parameters, bodies, responses and examples,
 * security alternatives, environments, and the mpkit vendor extensions.
 */
import { sample } from "openapi-sampler";
import { type LoadedProduct, SpecError, type SpecProblem } from "../load/load-spec.js";
import { child, get, pointerOf, resolve } from "./json-pointer.js";
import type {
  EnvironmentModel,
  ExampleModel,
  HttpMethod,
  OperationClientModel,
  OperationModel,
  ParameterModel,
  ProductModel,
  RequestBodyModel,
  ResponseModel,
  SecuritySchemeModel,
  StateMachineModel,
  WebhookModel,
} from "./model.js";
import {
  checkClientDefaults,
  checkIdempotent,
  checkMockErrors,
  checkPoll,
  checkRateLimit,
  checkRetry,
  checkRules,
  checkResource,
  checkCallbackAuth,
  checkStateMachine,
  type ResourceAnnotation,
} from "./extensions.js";
import { properties, resourceTable } from "./resources.js";
import { excessProperties } from "./json-schema.js";
import { camelCase, CLIENT_MEMBERS, derivedOperationName, methodName, methodNameProblem, pascalCase, UNSAFE_MEMBERS } from "./names.js";
import { ExampleSampler, oversizedSample } from "./sample-examples.js";
import { isObj, JSON_TYPES, METHODS as SPEC_METHODS, type Obj } from "./openapi-shapes.js";
import { warnUnsupported } from "./unsupported.js";

const METHODS: readonly HttpMethod[] = SPEC_METHODS;

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Each location's default style: `simple` for path and header, `form` (exploded) for query and cookie. */
const DEFAULT_STYLE: Record<string, string> = { path: "simple", header: "simple", query: "form", cookie: "form" };

/**
 * A parameter's (or form field's) serialisation as a style code when it is not its location's
 * default: the style, with `*` when exploded (`explode` defaults to true for `form` only).
 */
function parameterStyle(where: string, node: Obj): string | undefined {
  const style = str(node.style) ?? DEFAULT_STYLE[where] ?? "form";
  // deepObject is exploded by definition.
  const explode = typeof node.explode === "boolean" && style !== "deepObject" ? node.explode : style === "form";
  const code = `${style}${explode ? "*" : ""}`;
  const fallback = DEFAULT_STYLE[where] === "simple" ? "simple" : "form*";
  return code === fallback ? undefined : code;
}

class ModelBuilder {
  readonly problems: SpecProblem[] = [];
  readonly warnings: SpecProblem[] = [];
  private sampler: ExampleSampler | undefined;
  /** Header names flagged `x-mpkit-correlation-id`, with where each was first declared. */
  readonly correlationHeaders = new Map<string, string>();
  /** `x-mpkit-resource` as written, by operation, with where it was written. */
  /** Operations whose id was derived from method and path (no operationId in the spec). */
  readonly derivedIds = new Set<OperationModel>();
  readonly resourceAnnotations = new Map<OperationModel, { value: ResourceAnnotation; pointer: string }>();
  constructor(private readonly loaded: LoadedProduct) {}

  get doc(): Obj {
    return this.loaded.document;
  }

  problem(pointer: string, rule: string, message: string): void {
    this.problems.push({ ...this.loaded.locate(pointer), severity: "error", rule, message });
  }

  readonly report = (pointer: string, rule: string, message: string): void => this.problem(pointer, rule, message);

  warn(pointer: string, rule: string, message: string): void {
    this.warnings.push({ ...this.loaded.locate(pointer), severity: "warn", rule, message });
  }

  stateMachines(): StateMachineModel[] {
    const components = isObj(this.doc.components) ? this.doc.components : {};
    const schemas = isObj(components.schemas) ? components.schemas : {};
    const machines: StateMachineModel[] = [];
    for (const [name, schema] of Object.entries(schemas)) {
      if (!isObj(schema) || schema["x-mpkit-state-machine"] === undefined) continue;
      const machine = checkStateMachine(name, schema, pointerOf("components", "schemas", name), this.report);
      if (machine) machines.push(machine);
    }
    return machines;
  }

  deref(node: unknown, pointer: string): { node: Obj; pointer: string } {
    const found = resolve(this.doc, node, pointer);
    return { node: isObj(found.node) ? found.node : {}, pointer: found.pointer };
  }

  examples(media: Obj, mediaPointer: string): ExampleModel[] {
    const list: ExampleModel[] = [];
    if ("example" in media) list.push({ name: "default", value: media.example });
    if (isObj(media.examples)) {
      for (const [name, raw] of Object.entries(media.examples)) {
        const { node } = this.deref(raw, child(mediaPointer, "examples", name));
        if ("value" in node) list.push({ name, summary: str(node.summary), value: node.value });
      }
    }
    return list;
  }

  /**
   * mpkit-spec (issue 16): every example of the spec is checked once, against its schema (Ajv,
   * 2020-12; a 3.0 schema translated) and for keys its generated type would refuse. A bad one is
   * reported at its spec line and left out of the mocks, so no generated file fails to compile.
   */
  checkedExamples(examples: ExampleModel[], schemaPointer: string, mediaPointer: string): ExampleModel[] {
    if (examples.length === 0 || get(this.doc, schemaPointer) === undefined) return examples;
    this.sampler ??= new ExampleSampler(this.doc);
    return examples.filter((example) => {
      const why =
        this.sampler!.invalid(schemaPointer, example.value) ??
        excessProperties(this.doc, get(this.doc, schemaPointer), example.value).map((p) => `${p} is not a property the schema lists`)[0];
      if (why === undefined) return true;
      // `default` is the media type's `example`; the others are entries of its `examples`.
      const media = get(this.doc, mediaPointer);
      const at = example.name === "default" && isObj(media) && "example" in media ? child(mediaPointer, "example") : child(mediaPointer, "examples", example.name);
      this.warn(at, "mpkit-invalid-example", `example "${example.name}" does not match its schema (${why}); it is left out of the mocks`);
      return false;
    });
  }

  /** Chooses the media type: JSON first, then the first one listed. */
  media(content: unknown, pointer: string): { type: string; media: Obj; pointer: string } | undefined {
    if (!isObj(content)) return undefined;
    const types = Object.keys(content);
    const type = types.find((t) => JSON_TYPES.test(t)) ?? types[0];
    if (type === undefined) return undefined;
    const found = this.deref(content[type], child(pointer, "content", type));
    return { type, media: found.node, pointer: found.pointer };
  }

  /**
   * An example sampled from the schema, where the spec gives none. Every sample is validated
   * against its schema; one that breaks it (a recursive schema sampled one level too deep) is
   * cut back to a valid one, and where none exists the example is left out with a warning.
   */
  sampled(schemaPointer: string, mediaPointer: string): ExampleModel[] {
    let value: unknown;
    const schema = get(this.doc, schemaPointer);
    const oversized = oversizedSample(this.doc, schema);
    if (oversized !== undefined) {
      this.warn(
        mediaPointer,
        "mpkit-sampled-example",
        `no example is sampled: the schema asks for ${oversized}, more than a mock example may hold; the mock has no example here: add one to the spec`,
      );
      return [];
    }
    try {
      value = sample(schema as object, { skipReadOnly: false, skipWriteOnly: true }, this.doc);
    } catch {
      return [];
    }
    if (value === undefined) return [];
    this.sampler ??= new ExampleSampler(this.doc);
    const checked = this.sampler.validSample(schemaPointer, value);
    if ("value" in checked) return [{ name: "sampled", value: checked.value }];
    this.warn(
      mediaPointer,
      "mpkit-sampled-example",
      `no example could be sampled that is valid against the schema (${checked.reason}); the mock has no example here: add one to the spec`,
    );
    return [];
  }

  parameters(pathItem: Obj, pathPointer: string, op: Obj, opPointer: string): ParameterModel[] {
    const byKey = new Map<string, ParameterModel>();
    const add = (list: unknown, listPointer: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((raw, index) => {
        const { node, pointer } = this.deref(raw, child(listPointer, index));
        const name = str(node.name);
        const where = str(node.in) as ParameterModel["in"] | undefined;
        if (!name || !where) return;
        if (node["x-mpkit-correlation-id"] === true) {
          if (where !== "header") this.problem(pointer, "mpkit-correlation-id", `${name}: only a header can carry the correlation id`);
          else if (!this.correlationHeaders.has(name)) this.correlationHeaders.set(name, pointer);
        }
        let schemaPointer = child(pointer, "schema");
        let style = parameterStyle(where, node);
        if (!("schema" in node)) {
          const media = this.media(node.content, pointer);
          schemaPointer = media ? child(media.pointer, "schema") : schemaPointer;
          if (media && JSON_TYPES.test(media.type)) style = "json";
        }
        const flags: Pick<ParameterModel, "idempotencyKey" | "clientHeader"> = {};
        for (const [extension, key] of [
          ["x-mpkit-idempotency-key", "idempotencyKey"],
          ["x-mpkit-client-header", "clientHeader"],
        ] as const) {
          if (node[extension] === undefined) continue;
          if (node[extension] !== true) this.problem(child(pointer, extension), extension.slice(2), `${extension} must be true`);
          else if (where !== "header") this.problem(child(pointer, extension), extension.slice(2), `${name}: ${extension} applies to headers only`);
          else flags[key] = true;
        }
        byKey.set(`${where}:${name}`, {
          name,
          in: where,
          required: node.required === true || where === "path",
          description: str(node.description),
          schemaPointer,
          declaredAt: child(listPointer, index),
          ...flags,
          ...(style !== undefined ? { style } : {}),
        });
      });
    };
    add(pathItem.parameters, child(pathPointer, "parameters"));
    add(op.parameters, child(opPointer, "parameters"));
    return [...byKey.values()];
  }

  requestBody(op: Obj, opPointer: string): RequestBodyModel | undefined {
    if (!("requestBody" in op)) return undefined;
    const { node, pointer } = this.deref(op.requestBody, child(opPointer, "requestBody"));
    const media = this.media(node.content, pointer);
    if (!media) return undefined;
    const schemaPointer = child(media.pointer, "schema");
    let examples = this.checkedExamples(this.examples(media.media, media.pointer), schemaPointer, media.pointer);
    if (examples.length === 0) examples = this.sampled(schemaPointer, media.pointer);
    const body: RequestBodyModel = { required: node.required === true, contentType: media.type, schemaPointer, examples };
    const encoding = this.encoding(media.media, media.type);
    if (encoding) body.encoding = encoding;
    const content = isObj(node.content) ? node.content : {};
    const alternatives = Object.keys(content)
      .filter((type) => type !== media.type)
      .map((type) => {
        const other = this.deref(content[type], child(pointer, "content", type));
        const entry: NonNullable<RequestBodyModel["alternatives"]>[number] = { contentType: type, schemaPointer: child(other.pointer, "schema") };
        const fields = this.encoding(other.node, type);
        if (fields) entry.encoding = fields;
        return entry;
      });
    if (alternatives.length > 0) body.alternatives = alternatives;
    return body;
  }

  /** The `encoding` of a form or multipart body's fields, where it is not the default, as style codes. */
  encoding(media: Obj, type: string): Record<string, string> | undefined {
    if (!isObj(media.encoding) || !/^(application\/x-www-form-urlencoded|multipart\/form-data)$/i.test(type)) return undefined;
    const fields: Record<string, string> = Object.create(null);
    for (const [name, raw] of Object.entries(media.encoding)) {
      if (!isObj(raw)) continue;
      const contentType = str(raw.contentType);
      if (contentType !== undefined && JSON_TYPES.test(contentType.split(";")[0]!.trim())) fields[name] = "json";
      else {
        const style = parameterStyle("query", raw);
        if (style !== undefined) fields[name] = style;
      }
    }
    return Object.keys(fields).length > 0 ? fields : undefined;
  }

  responses(op: Obj, opPointer: string): ResponseModel[] {
    if (!isObj(op.responses)) return [];
    return Object.keys(op.responses).map((status) => {
      const raw = (op.responses as Obj)[status];
      const { node, pointer } = this.deref(raw, child(opPointer, "responses", status));
      if (isObj(node.links) && Object.keys(node.links).length > 0) {
        this.warn(
          child(pointer, "links"),
          "mpkit-unsupported",
          `links (${Object.keys(node.links).join(", ")}) are shown in the docs only: clients and mocks do not follow them`,
        );
      }
      const media = this.media(node.content, pointer);
      const response: ResponseModel = { status, description: str(node.description) ?? "", examples: [] };
      const ref = isObj(raw) ? str(raw.$ref) : undefined;
      const component = ref?.match(/^#\/components\/responses\/([^/]+)$/)?.[1];
      if (component) response.component = component.replace(/~1/g, "/").replace(/~0/g, "~");
      if (media) {
        response.contentType = media.type;
        if ("schema" in media.media) response.schemaPointer = child(media.pointer, "schema");
        response.examples = this.examples(media.media, media.pointer);
        if (response.schemaPointer) response.examples = this.checkedExamples(response.examples, response.schemaPointer, media.pointer);
        if (response.examples.length === 0 && response.schemaPointer && status.startsWith("2")) {
          response.examples = this.sampled(response.schemaPointer, media.pointer);
        }
      }
      return response;
    });
  }

  security(op: Obj): string[][] {
    const raw = Array.isArray(op.security) ? op.security : Array.isArray(this.doc.security) ? this.doc.security : [];
    return raw.filter(isObj).map((requirement) => Object.keys(requirement));
  }

  operation(path: string, method: HttpMethod, pathItem: Obj, pathPointer: string): OperationModel | undefined {
    const opPointer = child(pathPointer, method);
    const op = pathItem[method];
    if (!isObj(op)) return undefined;
    let operationId = str(op.operationId);
    // mpkit-spec (issue 16): an operation without an id gets one derived from its method and
    // path, written into the document so that types, mocks and docs all use it.
    const derived = !operationId;
    if (!operationId) {
      operationId = derivedOperationName(method, path);
      this.warn(
        opPointer,
        "mpkit-operation-id",
        `${method.toUpperCase()} ${path} has no operationId; it is called "${operationId}" (from its method and path; set operationId or x-mpkit-method-name to choose)`,
      );
      op.operationId = operationId;
    }
    if (op["x-mpkit-rules"] !== undefined) checkRules(op["x-mpkit-rules"], child(opPointer, "x-mpkit-rules"), this.report);
    let method_ = methodName(operationId);
    const override = op["x-mpkit-method-name"];
    if (override !== undefined) {
      const why = methodNameProblem(override);
      if (why) this.problem(child(opPointer, "x-mpkit-method-name"), "mpkit-method-name", `${operationId}: ${why}`);
      else method_ = override as string;
    } else if (method_ !== operationId && (UNSAFE_MEMBERS.has(method_.slice(0, -1)) || CLIENT_MEMBERS.has(method_.slice(0, -1)))) {
      this.warn(
        child(opPointer, "operationId"),
        "mpkit-reserved-operation-id",
        `${
          method_ === "then_"
            ? 'operationId "then" would make the client look like a promise (`await client` would call it)'
            : CLIENT_MEMBERS.has(method_.slice(0, -1))
              ? `operationId "${operationId}" is a member every client already has`
              : `operationId "${operationId}" is a member every object already has (Object.prototype)`
        }; ` +
          `the client method is ${method_}(), descriptors, errors and docs keep "${operationId}"`,
      );
    }
    const model: OperationModel = {
      operationId,
      methodName: method_,
      method,
      path,
      summary: str(op.summary) ?? operationId,
      description: str(op.description),
      tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === "string") : [],
      deprecated: op.deprecated === true,
      parameters: this.parameters(pathItem, pathPointer, op, opPointer),
      requestBody: this.requestBody(op, opPointer),
      responses: this.responses(op, opPointer),
      security: this.security(op),
      rules: Array.isArray(op["x-mpkit-rules"]) ? (op["x-mpkit-rules"] as unknown[]) : [],
      client: { idempotent: false, clientHeaders: [], requiredHeaders: [] },
    };
    if (derived) this.derivedIds.add(model);
    model.client = this.clientModel(model, op, opPointer);
    checkRateLimit(
      op["x-mpkit-rate-limit"],
      child(opPointer, "x-mpkit-rate-limit"),
      model.parameters.map((p) => p.name),
      this.report,
    );
    const limit = op["x-mpkit-rate-limit"];
    if (isObj(limit) && typeof limit.requests === "number" && typeof limit.perSeconds === "number") {
      model.rateLimit = {
        requests: limit.requests,
        perSeconds: limit.perSeconds,
        ...(Array.isArray(limit.per) ? { per: limit.per.filter((p): p is string => typeof p === "string") } : {}),
      };
    }
    if (op["x-mpkit-callback-auth"] !== undefined) {
      const fields = model.requestBody ? [...properties(this.doc, model.requestBody.schemaPointer).keys()] : [];
      const auth = checkCallbackAuth(op["x-mpkit-callback-auth"], child(opPointer, "x-mpkit-callback-auth"), fields, this.report);
      if (auth) model.callbackAuth = auth;
    }
    const annotation = checkResource(op["x-mpkit-resource"], child(opPointer, "x-mpkit-resource"), this.report);
    if (annotation) this.resourceAnnotations.set(model, { value: annotation, pointer: child(opPointer, "x-mpkit-resource") });
    const servers = this.operationServers(pathItem, pathPointer, op, opPointer);
    if (servers) model.servers = servers;
    this.checkInputNames(model);
    return model;
  }

  /**
   * Path-item or operation `servers`: each entry names its environment with `x-mpkit-environment`,
   * or is matched to the root environment on the same host.
   */
  operationServers(pathItem: Obj, pathPointer: string, op: Obj, opPointer: string): Record<string, string> | undefined {
    const [list, listPointer] = Array.isArray(op.servers)
      ? [op.servers, child(opPointer, "servers")]
      : Array.isArray(pathItem.servers)
        ? [pathItem.servers, child(pathPointer, "servers")]
        : [undefined, ""];
    if (!list) return undefined;
    const roots = this.environments();
    // No prototype: a name from the spec can never be `__proto__` of the table.
    const servers: Record<string, string> = Object.create(null);
    list.forEach((raw, index) => {
      const at = child(listPointer, index);
      const url = isObj(raw) ? str(raw.url) : undefined;
      if (!url) return this.problem(at, "mpkit-environment", "a server needs a `url`");
      let name = isObj(raw) ? str(raw["x-mpkit-environment"]) : undefined;
      if (name === undefined) {
        const host = (u: string) => {
          try {
            return new URL(u).host;
          } catch {
            return u;
          }
        };
        const match = roots.filter((env) => host(env.url) === host(url));
        if (match.length !== 1) {
          return this.problem(at, "mpkit-environment", `${url}: name its environment with x-mpkit-environment (no single root server on that host)`);
        }
        name = match[0]!.name;
      } else if (!roots.some((env) => env.name === name)) {
        return this.problem(at, "mpkit-environment", `environment "${name}" is not one of the root servers' environments`);
      }
      if (servers[name] !== undefined) return this.problem(at, "mpkit-environment", `environment "${name}" is named twice`);
      servers[name] = url;
      this.recordVariables(raw as Obj, url, at);
    });
    return servers;
  }

  /** Properties of an object schema, following `$ref` and the members of `allOf`/`anyOf`/`oneOf`. */
  properties(schemaPointer: string, depth = 0): Map<string, { node: Obj; pointer: string }> {
    const found = new Map<string, { node: Obj; pointer: string }>();
    if (depth > 10) return found;
    const { node, pointer } = this.deref(get(this.doc, schemaPointer), schemaPointer);
    if (isObj(node.properties)) {
      for (const name of Object.keys(node.properties)) {
        found.set(name, this.deref((node.properties as Obj)[name], child(pointer, "properties", name)));
      }
    }
    for (const keyword of ["allOf", "anyOf", "oneOf"]) {
      const list = node[keyword];
      if (!Array.isArray(list)) continue;
      list.forEach((_, index) => {
        for (const [name, value] of this.properties(child(pointer, keyword, index), depth + 1)) {
          if (!found.has(name)) found.set(name, value);
        }
      });
    }
    return found;
  }

  /** Lower-case header names that an apiKey scheme of any of the security alternatives sends. */
  credentialHeaders(security: string[][]): Set<string> {
    const components = isObj(this.doc.components) ? this.doc.components : {};
    const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
    const names = new Set<string>();
    for (const scheme of security.flat()) {
      if (!Object.hasOwn(schemes, scheme)) continue;
      const { node } = this.deref(schemes[scheme], pointerOf("components", "securitySchemes", scheme));
      if (node.type === "apiKey" && node.in === "header" && typeof node.name === "string") names.add(node.name.toLowerCase());
    }
    return names;
  }

  clientModel(model: OperationModel, op: Obj, opPointer: string): OperationClientModel {
    const headers = model.parameters.filter((p) => p.in === "header");
    const keyHeaders = headers.filter((p) => p.idempotencyKey);
    if (keyHeaders.length > 1) {
      this.problem(keyHeaders[1]!.declaredAt, "mpkit-idempotency-key", `${model.operationId}: more than one idempotency-key header`);
    }
    const marked = checkIdempotent(op["x-mpkit-idempotent"], child(opPointer, "x-mpkit-idempotent"), this.report);
    const client: OperationClientModel = {
      idempotent: marked.idempotent ?? ["get", "head", "options", "put", "delete", "trace"].includes(model.method),
      clientHeaders: headers.filter((p) => p.clientHeader).map((p) => p.name),
      requiredHeaders: [],
    };
    // A header that an apiKey scheme of the operation also sends is satisfied by the credential.
    const credentialHeaders = this.credentialHeaders(model.security);
    const filledByCredential = headers.filter((p) => credentialHeaders.has(p.name.toLowerCase())).map((p) => p.name);
    if (filledByCredential.length > 0) client.credentialHeaders = filledByCredential;
    client.requiredHeaders = headers.filter((p) => p.required && !filledByCredential.includes(p.name)).map((p) => p.name);
    if (keyHeaders[0]) client.idempotencyKeyHeader = keyHeaders[0].name;
    if (marked.bodyField !== undefined) {
      const body = model.requestBody;
      if (!body || !this.properties(body.schemaPointer).has(marked.bodyField)) {
        this.problem(
          child(opPointer, "x-mpkit-idempotent"),
          "mpkit-idempotent",
          `${model.operationId}: the request body has no field "${marked.bodyField}"`,
        );
      } else client.idempotencyField = marked.bodyField;
    }
    const policy = checkClientDefaults(op["x-mpkit-client-defaults"], child(opPointer, "x-mpkit-client-defaults"), this.report);
    if (policy) client.policy = policy;
    const poll = checkPoll(op["x-mpkit-poll"], child(opPointer, "x-mpkit-poll"), this.report);
    if (poll) {
      const at = child(opPointer, "x-mpkit-poll");
      const ok = model.responses.find((r) => /^2\d\d$/.test(r.status) && r.schemaPointer);
      const fields = ok?.schemaPointer ? this.properties(ok.schemaPointer) : new Map<string, { node: Obj; pointer: string }>();
      if (model.method !== "get") this.problem(at, "mpkit-poll", `${model.operationId}: only GET operations can be polled`);
      if (!fields.has(poll.delayField)) this.problem(at, "mpkit-poll", `${model.operationId}: the response has no field "${poll.delayField}"`);
      client.poll = { delayField: poll.delayField };
      if (poll.stateField !== undefined) {
        const state = fields.get(poll.stateField);
        if (!state) this.problem(at, "mpkit-poll", `${model.operationId}: the response has no field "${poll.stateField}"`);
        client.poll.stateField = poll.stateField;
        const machine = state?.node["x-mpkit-state-machine"];
        if (isObj(machine) && Array.isArray(machine.final)) {
          client.poll.finalStates = machine.final.filter((s): s is string => typeof s === "string");
        }
      }
    }
    return client;
  }

  /**
   * Path, query and cookie parameters become properties of one input object, next to `headers`
   * and `body`. Path parameters keep their names; a query or cookie parameter whose name is taken
   * becomes `<in><Name>` (`queryId`); a clash that renaming does not resolve is refused.
   */
  checkInputNames(op: OperationModel): void {
    const used = new Set(["headers", "body"]);
    const clash = (p: ParameterModel, also?: string) =>
      this.problem(
        p.declaredAt,
        "mpkit-input-name-clash",
        `${op.operationId}: ${p.in} parameter "${p.name}" clashes with another input property of the same name${also ? ` (also as "${also}")` : ""}`,
      );
    for (const p of op.parameters.filter((x) => x.in === "path")) {
      if (used.has(p.name)) clash(p);
      used.add(p.name);
    }
    for (const p of op.parameters.filter((x) => x.in === "query" || x.in === "cookie")) {
      let name = p.name;
      if (used.has(name) && name !== "headers" && name !== "body") {
        name = `${p.in}${pascalCase(p.name)}`;
        p.inputName = name;
      }
      if (used.has(name)) clash(p, name === p.name ? undefined : name);
      used.add(name);
    }
  }

  operations(): OperationModel[] {
    const paths = isObj(this.doc.paths) ? this.doc.paths : {};
    const list: OperationModel[] = [];
    const methods = new Map<string, OperationModel>();
    const ids = new Map<string, OperationModel>();
    const name = (o: OperationModel) => `operationId "${o.operationId}" (${o.method.toUpperCase()} ${o.path})`;
    for (const path of Object.keys(paths)) {
      const { node: item, pointer } = this.deref(paths[path], pointerOf("paths", path));
      for (const method of METHODS) {
        const op = this.operation(path, method, item, pointer);
        if (!op) continue;
        // A renamed method (`then_`, `listWidgetsV2`, a derived name) must not take the name of another operation.
        const other = methods.get(op.methodName);
        const sameId = ids.get(op.operationId);
        const at = this.derivedIds.has(op) ? child(pointer, method) : child(pointer, method, "operationId");
        if (sameId !== undefined) {
          this.problem(
            at,
            "mpkit-operation-id-clash",
            `${name(op)} and ${name(sameId)} have the same operationId; give one of them another operationId`,
          );
        } else if (other !== undefined) {
          this.problem(
            at,
            "mpkit-operation-id-clash",
            `${name(op)} and ${name(other)} would both be the client method ${op.methodName}(); set x-mpkit-method-name on one of them`,
          );
        }
        methods.set(op.methodName, op);
        ids.set(op.operationId, op);
        list.push(op);
      }
    }
    return list;
  }

  /**
   * Operations' `callbacks`, typed like webhooks: `<operationId>.<callback name>` (one per
   * expression and method), so their payload types are exported and listed in the docs.
   */
  callbacks(operations: OperationModel[]): WebhookModel[] {
    const list: WebhookModel[] = [];
    for (const model of operations) {
      const opPointer = child(pointerOf("paths", model.path), model.method);
      const op = get(this.doc, opPointer);
      if (!isObj(op) || !isObj(op.callbacks)) continue;
      for (const name of Object.keys(op.callbacks)) {
        const { node: callback, pointer } = this.deref(op.callbacks[name], child(opPointer, "callbacks", name));
        for (const expression of Object.keys(callback)) {
          const { node: item, pointer: itemPointer } = this.deref(callback[expression], child(pointer, expression));
          for (const method of METHODS) {
            const hook = item[method];
            if (!isObj(hook)) continue;
            const multiple = Object.keys(callback).length > 1 || METHODS.filter((m) => isObj(item[m])).length > 1;
            list.push({
              name: `${model.operationId}.${name}${multiple ? `.${method}` : ""}`,
              callback: { operationId: model.operationId, name, expression },
              method,
              operationId: str(hook.operationId) ?? `${model.operationId}.${name}`,
              summary: str(hook.summary) ?? name,
              requestBody: this.requestBody(hook, child(itemPointer, method)),
            });
          }
        }
      }
    }
    return list;
  }

  webhooks(): WebhookModel[] {
    const hooks = isObj(this.doc.webhooks) ? this.doc.webhooks : {};
    const list: WebhookModel[] = [];
    for (const name of Object.keys(hooks)) {
      const { node: item, pointer } = this.deref(hooks[name], pointerOf("webhooks", name));
      for (const method of METHODS) {
        const op = item[method];
        if (!isObj(op)) continue;
        const opPointer = child(pointer, method);
        if (op["x-mpkit-retry"] !== undefined) checkRetry(op["x-mpkit-retry"], child(opPointer, "x-mpkit-retry"), this.report);
        const urlField = op["x-mpkit-callback-url"];
        if (urlField !== undefined && (typeof urlField !== "string" || urlField === "")) {
          this.report(child(opPointer, "x-mpkit-callback-url"), "mpkit-callback-url", "x-mpkit-callback-url must name the resource or request field holding the URL");
        }
        list.push({
          ...(typeof urlField === "string" && urlField !== "" ? { urlField } : {}),
          name,
          method,
          operationId: str(op.operationId) ?? name,
          summary: str(op.summary) ?? name,
          requestBody: this.requestBody(op, opPointer),
          ...(isObj(op["x-mpkit-retry"]) && Array.isArray(op["x-mpkit-retry"].delaysSeconds)
            ? { retryDelaysSeconds: (op["x-mpkit-retry"].delaysSeconds as unknown[]).filter((d): d is number => typeof d === "number") }
            : {}),
        });
      }
    }
    return list;
  }

  /** Server URL template → its variables (default and enum), for clients to fill in. */
  readonly serverVariables: Record<string, Record<string, { default: string; enum?: string[] }>> = Object.create(null);

  recordVariables(server: Obj, url: string, pointer: string): void {
    const declared = isObj(server.variables) ? server.variables : {};
    const variables: Record<string, { default: string; enum?: string[] }> = Object.create(null);
    for (const [, name] of url.matchAll(/\{([^{}]+)\}/g)) {
      const variable = Object.hasOwn(declared, name!) ? declared[name!] : undefined;
      if (!isObj(variable) || typeof variable.default !== "string") {
        this.problem(pointer, "mpkit-server-variable", `${url}: {${name}} needs a variable with a string default under \`variables\``);
        continue;
      }
      const values = Array.isArray(variable.enum) ? variable.enum.filter((v): v is string => typeof v === "string") : undefined;
      if (values && !values.includes(variable.default)) {
        this.problem(child(pointer, "variables", name!), "mpkit-server-variable", `${url}: the default of {${name}} is not one of its enum values`);
      }
      variables[name!] = { default: variable.default, ...(values ? { enum: values } : {}) };
    }
    if (Object.keys(variables).length > 0) this.serverVariables[url] = variables;
  }

  environments(): EnvironmentModel[] {
    const servers = Array.isArray(this.doc.servers) ? this.doc.servers.filter(isObj) : [];
    servers.forEach((server, index) => {
      if (typeof server.url === "string") this.recordVariables(server, server.url, pointerOf("servers", index));
    });
    const list = servers.map((server, index) => ({
      name: str(server["x-mpkit-environment"]) ?? `server${index + 1}`,
      url: str(server.url) ?? "",
      description: str(server.description),
    }));
    list.forEach((env, index) => {
      const pointer = pointerOf("servers", index);
      if (!/^[a-z][a-z0-9-]*$/.test(env.name)) this.problem(pointer, "mpkit-environment", `environment name "${env.name}" must be lower-case`);
      if (list.findIndex((e) => e.name === env.name) !== index) this.problem(pointer, "mpkit-environment", `environment "${env.name}" is named twice`);
    });
    return list;
  }

  securitySchemes(): Record<string, SecuritySchemeModel> {
    const components = isObj(this.doc.components) ? this.doc.components : {};
    const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
    const result: Record<string, SecuritySchemeModel> = Object.create(null);
    for (const name of Object.keys(schemes)) {
      const pointer = pointerOf("components", "securitySchemes", name);
      const { node } = this.deref(schemes[name], pointer);
      const description = str(node.description);
      if (node.type === "apiKey") {
        const where = str(node.in) as "header" | "query" | "cookie";
        result[name] = { type: "apiKey", in: where, name: str(node.name) ?? name, description };
      } else if (node.type === "http") {
        const scheme = str(node.scheme)?.toLowerCase();
        // RFC 7235 auth-scheme token: anything else could not be sent in an Authorization header.
        if (scheme === undefined || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(scheme)) {
          this.problem(pointer, "mpkit-security-scheme", `security scheme ${name}: HTTP scheme ${JSON.stringify(node.scheme)} is not an HTTP authentication scheme name`);
          continue;
        }
        if (scheme !== "bearer" && scheme !== "basic") {
          this.warn(
            pointer,
            "mpkit-security-scheme",
            `security scheme ${name}: HTTP ${scheme} needs an answer to the server's challenge, which the client cannot compute; it sends \`Authorization: ${scheme.charAt(0).toUpperCase()}${scheme.slice(1)} <credential>\` with the credential you give (a string, or a function called per request)`,
          );
        }
        result[name] = { type: "http", scheme, description };
      } else if (node.type === "oauth2") {
        const flows = isObj(node.flows) ? node.flows : {};
        const tokenUrl = isObj(flows.clientCredentials) ? str(flows.clientCredentials.tokenUrl) : undefined;
        result[name] = { type: "oauth2", ...(tokenUrl ? { tokenUrl } : {}), description };
      } else if (node.type === "openIdConnect") {
        const url = str(node.openIdConnectUrl);
        result[name] = { type: "openIdConnect", ...(url ? { openIdConnectUrl: url } : {}), description };
      } else {
        this.problem(pointer, "mpkit-security-scheme", `security scheme ${name}: type "${String(node.type)}" is not supported`);
      }
    }
    return result;
  }

  /** The header flagged `x-mpkit-correlation-id`, wherever its parameter is declared. */
  correlationHeader(): string | undefined {
    const names = [...this.correlationHeaders.keys()];
    if (names.length > 1) {
      const [, pointer] = [...this.correlationHeaders.entries()][1]!;
      this.problem(pointer, "mpkit-correlation-id", `more than one correlation-id header: ${names.join(", ")}`);
    }
    return names[0];
  }
}

/**
 * Causes and emitted webhooks name operations and webhooks of the spec; every status a rule or
 * a state machine answers needs an error template in `x-mpkit-mock-errors`.
 */
function checkMachineReferences(
  machines: StateMachineModel[],
  operations: OperationModel[],
  webhooks: WebhookModel[],
  doc: Obj,
  builder: ModelBuilder,
): void {
  const ids = new Set(operations.map((op) => op.operationId));
  const hooks = new Set(webhooks.map((h) => h.name));
  const templates = isObj(doc["x-mpkit-mock-errors"]) ? doc["x-mpkit-mock-errors"] : {};
  const needTemplate = (status: number, pointer: string, what: string) => {
    if (!Object.hasOwn(templates, String(status))) {
      builder.problem(pointer, "mpkit-mock-errors", `${what} answers ${status}, but x-mpkit-mock-errors has no "${status}" template`);
    }
  };
  for (const machine of machines) {
    const at = pointerOf("components", "schemas", machine.schema, "x-mpkit-state-machine");
    machine.transitions.forEach((t, i) => {
      if (t.cause?.operation !== undefined && !ids.has(t.cause.operation)) {
        builder.problem(child(at, "transitions", i, "cause"), "mpkit-state-machine", `${machine.schema}: no operation "${t.cause.operation}"`);
      }
      if (t.cause?.follows !== undefined && !ids.has(t.cause.follows.operation)) {
        builder.problem(child(at, "transitions", i, "cause", "follows"), "mpkit-state-machine", `${machine.schema}: no operation "${t.cause.follows.operation}"`);
      }
      const byOperation = webhooks.find((h) => h.operationId === t.emits?.webhook);
      if (t.emits !== undefined && !hooks.has(t.emits.webhook) && byOperation) t.emits.webhook = byOperation.name;
      else if (t.emits !== undefined && !hooks.has(t.emits.webhook)) {
        builder.problem(child(at, "transitions", i, "emits"), "mpkit-state-machine", `${machine.schema}: no webhook "${t.emits.webhook}"`);
      }
    });
    for (const [state, entry] of Object.entries(machine.enter ?? {})) {
      const emits = entry.emits;
      if (!emits) continue;
      const byOperation = webhooks.find((h) => h.operationId === emits.webhook);
      if (!hooks.has(emits.webhook) && byOperation) emits.webhook = byOperation.name;
      else if (!hooks.has(emits.webhook)) builder.problem(child(at, "enter", state, "emits"), "mpkit-state-machine", `${machine.schema}: no webhook "${emits.webhook}"`);
    }
    if (machine.refuse) needTemplate(machine.refuse.status, child(at, "refuse"), `${machine.schema}'s refusal`);
  }
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const op of operations) {
    const opPointer = child(pointerOf("paths", op.path), op.method);
    if (op.resource?.refuse) needTemplate(op.resource.refuse.status, child(opPointer, "x-mpkit-resource", "refuse"), op.operationId);
    op.rules.forEach((rule, r) => {
      const errors = isObj(rule) && Array.isArray(rule.errors) ? rule.errors : [];
      errors.forEach((e, i) => {
        if (isObj(e) && typeof e.status === "number" && e.status >= 400 && isObj(paths[op.path])) {
          needTemplate(e.status, child(opPointer, "x-mpkit-rules", r, "errors", i), `rule ${String(rule && (rule as Obj).id)} of ${op.operationId}`);
        }
      });
    });
  }
}

function withPolicy(policy: ProductModel["clientPolicy"]): Pick<ProductModel, "clientPolicy"> {
  return policy ? { clientPolicy: policy } : {};
}

/** Builds the model of one product; throws a `SpecError` (file, line, rule) on anything it cannot model. */
export function buildProductModel(loaded: LoadedProduct): ProductModel {
  const builder = new ModelBuilder(loaded);
  const doc = loaded.document;
  const info = isObj(doc.info) ? doc.info : {};
  const components = isObj(doc.components) ? doc.components : {};
  const operations = builder.operations();
  const stateMachines = builder.stateMachines();
  const webhooks = builder.webhooks();
  const callbacks = builder.callbacks(operations);
  warnUnsupported(doc, (pointer, rule, message) => builder.warn(pointer, rule, message));
  const resources = resourceTable(doc, operations, builder.resourceAnnotations, stateMachines, builder.report);
  checkMachineReferences(stateMachines, operations, webhooks, doc, builder);
  const model: ProductModel = {
    name: loaded.name,
    pascalName: pascalCase(loaded.name),
    camelName: camelCase(loaded.name),
    packageName: `@mpkit/${loaded.name}`,
    specFile: loaded.specFile,
    title: str(info.title) ?? loaded.name,
    version: str(info.version) ?? "0.0.0",
    summary: str(info.summary),
    description: str(info.description),
    environments: builder.environments(),
    serverVariables: builder.serverVariables,
    securitySchemes: builder.securitySchemes(),
    correlationHeader: builder.correlationHeader(),
    ...withPolicy(checkClientDefaults(doc["x-mpkit-client-defaults"], pointerOf("x-mpkit-client-defaults"), builder.report)),
    operations,
    webhooks,
    ...(callbacks.length > 0 ? { callbacks } : {}),
    schemaNames: isObj(components.schemas) ? Object.keys(components.schemas) : [],
    stateMachines,
    resources,
    mockErrors: isObj(doc["x-mpkit-mock-errors"]) ? (doc["x-mpkit-mock-errors"] as Record<string, unknown>) : {},
    document: doc,
    // Lint warnings first (rules the product relaxed to `warn`), then the model's own.
    warnings: [...(loaded.lintWarnings ?? []), ...builder.warnings],
  };
  checkMockErrors(doc["x-mpkit-mock-errors"], pointerOf("x-mpkit-mock-errors"), builder.report);
  if (!/^[a-z][a-z0-9-]*$/.test(loaded.name)) {
    builder.problem("#", "mpkit-product-name", `product name "${loaded.name}" must be lower-case letters, digits and dashes`);
  }
  if (builder.problems.length > 0) throw new SpecError(builder.problems);
  return model;
}

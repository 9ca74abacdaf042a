import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Express } from 'express';
import { openApiPath, type OpenApiDocument } from '../../../src/http/openapi/openapi-document.ts';

export interface RouteKey {
  method: string;
  path: string;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
  slash?: boolean;
  rawPath?: unknown;
}

/** Every method and path the app's routers serve, found by walking Express's router stacks. */
export function servedRoutes(app: Express): RouteKey[] {
  const found: RouteKey[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods).filter((name) => name !== '_all')) {
          for (const path of paths) found.push({ method, path: prefix + path });
        }
      } else if (layer.handle.stack) {
        if (!layer.slash && typeof layer.rawPath !== 'string') throw new Error(`a router mounted at ${String(layer.rawPath)} cannot be followed`);
        walk(layer.handle.stack, layer.slash ? prefix : prefix + String(layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return found;
}

/** Every method and path the document describes, in Express's spelling (`{id}` → `:id`). */
export function describedRoutes(document: OpenApiDocument): RouteKey[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => ({ method, path: path.replace(/\{(\w+)\}/g, ':$1') })));
}

export const keyOf = ({ method, path }: RouteKey): string => `${method.toUpperCase()} ${path}`;

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Checks real responses against the document: the status must be described for the route, a
 * JSON body must match its schema (ajv, JSON Schema 2020-12), another body its content type.
 * Remembers which operations answered with a success, for coverage checks.
 */
export class DocumentChecker {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  readonly succeeded = new Set<string>();

  constructor(readonly document: OpenApiDocument) {
    this.ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(document as unknown as object, 'openapi.json');
  }

  /** Throws with the reason when the response is not what the document says. */
  async check(method: string, expressPath: string, response: { status: number; headers: Headers; text: string }): Promise<void> {
    const path = openApiPath(expressPath);
    const operation = this.document.paths[path]?.[method.toLowerCase()] as { responses: Record<string, { content?: Record<string, unknown> }> } | undefined;
    const where = `${method.toUpperCase()} ${expressPath} → ${response.status}`;
    if (!operation) throw new Error(`${where}: the route is not described`);
    const described = operation.responses[String(response.status)];
    if (!described) throw new Error(`${where}: this status is not described (${response.text.slice(0, 200)})`);
    if (response.status < 300) this.succeeded.add(`${method.toUpperCase()} ${expressPath}`);
    const contentType = Object.keys(described.content ?? {})[0];
    if (!contentType) {
      if (response.text !== '') throw new Error(`${where}: described without a body, got ${response.text.slice(0, 100)}`);
      return;
    }
    if (!(response.headers.get('content-type') ?? '').startsWith(contentType)) throw new Error(`${where}: content type ${response.headers.get('content-type')}, described ${contentType}`);
    if (contentType !== 'application/json') return;
    const pointer = `openapi.json#/paths/${escapePointer(path)}/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`;
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: pointer });
      this.validators.set(pointer, validate);
    }
    const body: unknown = JSON.parse(response.text);
    if (!validate(body)) throw new Error(`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${response.text.slice(0, 500)}`);
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { API_REFERENCE_ASSETS, renderApiReferencePage } from '../../../web/pages/api-reference-page.ts';
import type { FeatureRoutes } from '../routes/feature-routes.ts';
import type { ApiOperation } from './api-operation.ts';
import { buildOpenApiDocument } from './openapi-document.ts';

export const OPENAPI_DOCUMENT_PATH = '/api/openapi.json';
export const API_REFERENCE_PATH = '/docs/api';

/** The renderer's files served from node_modules, so the reference works without any CDN. */
const RENDERER_DIR = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/swagger-ui-bundle.js'));
const RENDERER_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'];
const PACKAGE_VERSION = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))).version;

const documentOperation: ApiOperation = {
  method: 'get',
  path: OPENAPI_DOCUMENT_PATH,
  tag: 'Meta',
  summary: 'This document: every public and account route with its parameters, bodies, responses and errors',
  access: 'public',
  responses: { 200: { description: 'The OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }) } },
};

/**
 * GET /api/openapi.json, built once from the features' described routes, and the reference
 * page at /docs/api. Public and the same for everyone: served before sessions are read.
 */
export function createApiDocsHttp({ operations, publicUrl, sessionCookie }: { operations: ApiOperation[]; publicUrl: string; sessionCookie: string }): FeatureRoutes {
  const api = [...operations, documentOperation];
  const document = JSON.stringify(buildOpenApiDocument(api, { serverUrl: publicUrl, version: PACKAGE_VERSION, sessionCookie }));
  const page = renderApiReferencePage({ documentUrl: OPENAPI_DOCUMENT_PATH });
  const router = Router();

  router.get(OPENAPI_DOCUMENT_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(document);
  });
  router.get(API_REFERENCE_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('html').send(page);
  });
  router.get(`${API_REFERENCE_ASSETS}/:file`, (req, res, next) => {
    if (!RENDERER_FILES.includes(req.params.file)) return next();
    res.sendFile(req.params.file, { root: RENDERER_DIR, maxAge: '1d' });
  });

  return { public: router, routes: Router(), api };
}

/** The features followed by the docs of every /api route they describe. */
export function withApiDocs(options: { publicUrl: string; sessionCookie: string }, features: FeatureRoutes[]): FeatureRoutes[] {
  return [...features, createApiDocsHttp({ ...options, operations: features.flatMap((feature) => feature.api ?? []) })];
}

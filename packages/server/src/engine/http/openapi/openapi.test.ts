import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';

const addFormats = addFormatsPkg as unknown as (ajv: Ajv2020) => Ajv2020;
let t: TestApp;
let spec: any;
beforeAll(async () => {
  t = await createTestApp();
  spec = (await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(() => t.close());

/** Every JSON value inside `v` (to look for a keyword anywhere in the description). */
function* walk(v: unknown, path = ''): Generator<[string, unknown]> {
  yield [path, v];
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walk(x, `${path}/${k}`);
}

const relationsOf = (module: string): string[] => t.app.meta.registry.module(module).relations.map((r) => r.name);

describe('the OpenAPI description', () => {
  it('describes every API route the server has', () => {
    const modules: string[] = spec.paths['/api/v1/records/{module}/{id}/timeline'].get.parameters.find((p: any) => p.name === 'module').schema.enum;
    expect(modules).toContain('accounts');
    const missing: string[] = [];
    for (const r of t.server.apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const method = r.method.toLowerCase();
      // The generic record routes are described once per module, with that module's fields.
      const candidates = spec.paths[path]?.[method] ? [path] : modules.map((m) => path.replace('{module}', m))
        // a module without related lists has no related routes to describe
        .filter((p) => !p.includes('/related/') || relationsOf(p.split('/')[4]).length > 0);
      if (!candidates.every((p) => spec.paths[p]?.[method])) missing.push(`${r.method} ${r.url}`);
    }
    expect(missing).toEqual([]);
    expect(t.server.apiRoutes.length).toBeGreaterThan(60);
  });

  it('is valid JSON Schema 2020-12 throughout, with no OpenAPI 3.0 leftovers and no enum no value satisfies', () => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addFormat('binary', true);
    ajv.addSchema({ $id: 'karta', components: spec.components });
    for (const [path, v] of walk(spec)) {
      if (path.endsWith('/nullable')) throw new Error(`"nullable" at ${path}: OpenAPI 3.1 uses type [x, "null"]`);
      if (path.endsWith('/enum')) expect(Array.isArray(v) && v.length > 0, path).toBe(true);
      if (path.endsWith('/schema') && v && typeof v === 'object') {
        const rewritten = JSON.parse(JSON.stringify(v).replaceAll('"#/components/', '"karta#/components/'));
        expect(() => ajv.compile(rewritten), path).not.toThrow();
      }
    }
  });

  it('documents the errors a route can answer and the read-only fields that may be null', () => {
    const get = spec.paths['/api/v1/records/deals/{id}'].get.responses;
    for (const s of ['200', '400', '401', '403', '404', '503', 'default']) expect(get[s], s).toBeTruthy();
    expect(spec.paths['/api/v1/records/deals'].post.responses['413']).toBeTruthy();
    expect(spec.paths['/api/v1/auth/login'].post.responses['429']).toBeTruthy();
    expect(spec.components.schemas.deals.properties.forecast_amount.type).toEqual(['string', 'null']);
    expect(spec.components.schemas.deals.properties.stage.type).toEqual(['string', 'null']);
    expect(spec.paths['/api/v1/health'].get.security).toEqual([]);
  });
});

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package's folder, from src/platform (sources) or dist (the bundle) alike. */
function serverPackageRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const DEFAULT_WEB_DIST = path.resolve(serverPackageRoot(path.dirname(fileURLToPath(import.meta.url))), '../web/dist');

/** Serves the built web client at / with a fallback to index.html for client-side routes. */
export async function serveWeb(f: FastifyInstance, dist = DEFAULT_WEB_DIST, apiNotFound?: (req: FastifyRequest, reply: FastifyReply) => unknown): Promise<void> {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    f.get('/', async (_req, reply) => reply.type('text/html').send('<!doctype html><title>Karta</title><p>The web client is not built. Run <code>npm run build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>'));
    return;
  }
  await f.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
  const index = fs.readFileSync(path.join(dist, 'index.html'));
  f.get('/*', async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/portal/api/')) return apiNotFound ? apiNotFound(req, reply) : reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such route' } });
    return reply.type('text/html').header('Cache-Control', 'no-cache').send(index);
  });
}

import type { FastifyInstance } from 'fastify';
import { supportQueueRoutes } from './support-queue.js';
import { supportSettingsRoutes } from './support-settings.js';

/** The support desk's routes beyond record CRUD: settings and queues. */
export async function supportRoutes(api: FastifyInstance): Promise<void> {
  await supportSettingsRoutes(api);
  await supportQueueRoutes(api);
}

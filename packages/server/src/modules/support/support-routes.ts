import type { FastifyInstance } from 'fastify';
import { knowledgeBaseRoutes } from './knowledge-base.js';
import { supportQueueRoutes } from './support-queue.js';
import { supportSettingsRoutes } from './support-settings.js';

/** The support desk's routes beyond record CRUD: settings, queues, FAQ suggestions. */
export async function supportRoutes(api: FastifyInstance): Promise<void> {
  await supportSettingsRoutes(api);
  await supportQueueRoutes(api);
  await knowledgeBaseRoutes(api);
}

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { mailboxRoutes } from './mailbox-routes.js';
import { knowledgeBaseRoutes } from './knowledge-base.js';
import { supportQueueRoutes } from './support-queue.js';
import { supportSettingsRoutes } from './support-settings.js';

/** The support desk's routes beyond record CRUD: settings, mailboxes, queues, FAQ suggestions. */
export async function supportRoutes(api: FastifyInstance, app: AppContext): Promise<void> {
  await mailboxRoutes(app)(api);
  await supportSettingsRoutes(api);
  await supportQueueRoutes(api);
  await knowledgeBaseRoutes(api);
}

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { followRoutes } from './collaboration/follow.js';
import { tagRoutes } from './collaboration/tags.js';
import { documentRoutes } from './files/document-routes.js';
import { filesRoutes } from './files/files-routes.js';
import { activityRoutes } from './activities/activity-routes.js';
import { feedRoutes } from './activities/ical.js';
import { notificationRoutes } from './activities/notification-routes.js';
import { reminderRoutes } from './activities/reminder-routes.js';
import { printRoutes } from './print/print-routes.js';
import { supportRoutes } from './support/support-routes.js';
import { mailRoutes } from './mail/mail-routes.js';
import { taxClassRoutes } from './line-items/tax-classes.js';
import { salesRoutes } from './sales/sales-routes.js';
import { analyticsRoutes } from './analytics/analytics-routes.js';
import { stockRoutes } from './stock/stock-routes.js';
import { automationRoutes } from './automation/automation-routes.js';
import { marketingRoutes } from './marketing/marketing-routes.js';
import { surveyRoutes } from './marketing/survey-routes.js';
import { eventRoutes } from './marketing/event-routes.js';
import { pricingRoutes } from './pricing/pricing-routes.js';
import { deviationRoutes } from './pricing/deviation-routes.js';
import { loyaltyRoutes } from './pricing/loyalty-routes.js';

/**
 * HTTP routes of module areas that are not record CRUD (analytics, calendar, notifications, files…).
 * Registered under `/api/v1` behind authentication, so `req.ctx` is the caller's context.
 * Each area appends its plugin here.
 */
export const moduleRoutes: ((api: FastifyInstance, app: AppContext) => Promise<void>)[] = [
  printRoutes, taxClassRoutes, stockRoutes, salesRoutes, activityRoutes, notificationRoutes, documentRoutes, reminderRoutes, tagRoutes, followRoutes, feedRoutes, analyticsRoutes, automationRoutes, supportRoutes, mailRoutes, marketingRoutes, surveyRoutes, eventRoutes, pricingRoutes, deviationRoutes, loyaltyRoutes,
  (api, app) => filesRoutes(app)(api),
];

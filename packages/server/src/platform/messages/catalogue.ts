/**
 * Every message the server says, in English (the key) with Russian, Ukrainian and Chinese. `{name}` is a parameter.
 * Field messages are short and read after the field's label ("Amount: must be at least 0").
 */
import { ENGINE_MESSAGES } from './catalogue-engine.js';
import { MODULE_MESSAGES } from './catalogue-modules.js';
import { ANALYTICS_MESSAGES } from './catalogue-analytics.js';
import { AUTOMATION_MESSAGES } from './catalogue-automation.js';
import { PRINT_MESSAGES } from './catalogue-print.js';
import { SUPPORT_MESSAGES } from './catalogue-support.js';
import { MARKETING_MESSAGES } from './catalogue-marketing.js';
import { PRICING_MESSAGES } from './catalogue-pricing.js';
import { ACCESS_MESSAGES } from './catalogue-access.js';

export const CATALOGUE = { ...ENGINE_MESSAGES, ...MODULE_MESSAGES, ...ANALYTICS_MESSAGES, ...AUTOMATION_MESSAGES, ...PRINT_MESSAGES, ...SUPPORT_MESSAGES, ...MARKETING_MESSAGES, ...PRICING_MESSAGES, ...ACCESS_MESSAGES } as const;

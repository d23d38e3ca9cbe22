export * from './i18n.js';
export * from './field-types.js';
export * from './modules.js';
export * from './filter.js';
export * from './errors.js';
export * from './validation.js';
export * from './email.js';
export * from './recurrence.js';

/**
 * Structured (json) fields that are edited in the record form with an input of their module's own
 * (`fieldInputs` of an area plugin). Other json fields (document lines) have screens of their own.
 */
export const STRUCTURED_FIELDS: Record<string, string[]> = {
  deal_kinds: ['stages'],
  events: ['invitee_ids', 'contact_ids'],
  email_templates: ['variants', 'document_ids'],
  workflows: ['trigger', 'where', 'actions'],
  webhooks: ['events'],
  approval_processes: ['where', 'steps', 'unlocks'],
  web_forms: ['fields', 'hidden', 'allowed_origins'],
  mailings: ['audience'],
  segments: ['rule'],
  surveys: ['questions', 'rules'],
  marketing_events: ['task_plan', 'partners'],
  claims: ['participants'],
  price_types: ['group_markups'],
  offers: ['overrides', 'group_price_types', 'group_discounts', 'quantity_discounts'],
  loyalty_programs: ['tiers'],
};

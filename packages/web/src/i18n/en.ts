/** English UI texts. Every other language has exactly the same keys (checked by i18n.test.ts and the type below). */
const en = {
  common: {
    loading: 'Loading…', yes: 'Yes', no: 'No', empty: 'empty', nothing_found: 'Nothing found',
    unknown_record: 'Record not available', unknown_owner: 'Unknown owner',
  },
  nav: { home: 'Home', main: 'Main navigation', toggle: 'Show or hide navigation' },
  areas: {
    marketing: 'Marketing', sales: 'Sales', inventory: 'Inventory', support: 'Support',
    activities: 'Activities', analytics: 'Analytics', settings: 'Settings',
  },
  home: {
    welcome: 'Welcome, {{name}}',
    palette_hint: 'Tip: press Ctrl+K (⌘K on a Mac) to find any record or run a command.',
  },
  login: {
    subtitle: 'Sign in to your CRM', username: 'User name', password: 'Password', submit: 'Sign in',
    wrong_credentials: 'Wrong user name or password.',
    rate_limited: 'Too many attempts. Wait a minute and try again.',
    session_expired: 'Please sign in to continue. You will return to the page you were on.',
  },
  user: {
    menu: 'User menu of {{name}}', language: 'Language', logout: 'Sign out',
    dark_theme: 'Switch to dark theme', light_theme: 'Switch to light theme',
  },
  search: { open: 'Search and commands', placeholder: 'Search records or type a command…' },
  palette: {
    records: 'Records', commands: 'Commands', results: 'Results', create: 'Create: {{module}}',
    go_to: 'Go to {{module}}', language: 'Language: {{language}}',
  },
  actions: {
    new_record: 'New {{module}}', quick_create: 'Quick create', save: 'Save', cancel: 'Cancel', close: 'Close',
    edit: 'Edit', delete: 'Delete', duplicate: 'Duplicate', back: 'Back', edit_field: 'Edit {{field}}',
  },
  errors: {
    not_found: 'Not found', not_found_text: 'This page does not exist or you may not see it.',
    record_not_found: 'This record does not exist, was deleted, or you may not see it.',
    page_failed: 'The page could not be shown',
  },
  list: {
    view_kind: 'View',
    view_list: 'List',
    search: 'Search {{module}}', clear_search: 'Clear search', columns: 'Columns', reset_columns: 'Default',
    alphabet: 'Alphabet', all_letters: 'All', starts_with_letter: '{{field}} starts with {{letter}}',
    select_all: 'Select all rows on this page', select_row: 'Select {{label}}', sort_by: 'Sort by {{field}}',
    empty: 'No records match.', range: 'Records {{from}}–{{to}}', range_of: 'Records {{from}}–{{to}} of {{total}}',
    prev: 'Previous', next: 'Next', selected: 'Selected: {{count}}', clear_selection: 'Clear selection',
    mass_edit: 'Edit selected', mass_delete: 'Delete selected', mass_edit_title: 'Edit {{count}} records',
    mass_field: 'Field to change', mass_value: 'New value of {{field}}', apply_to: 'Apply to {{count}}',
    mass_updated: 'Records updated: {{count}}', mass_deleted: 'Records moved to the recycle bin: {{count}}',
    mass_delete_confirm: 'Move {{count}} selected records to the recycle bin?',
  },
  filter: {
    title: 'Filter', match: 'Match', all_of: 'All of', any_of: 'Any of', add_condition: 'Add condition',
    add_group: 'Add group', remove_condition: 'Remove condition', remove_group: 'Remove group', group: 'Group of conditions',
    condition_n: 'Condition {{n}}', field: 'Field', operator: 'Operator', value_for: 'Value of {{field}}',
    from: '{{field}} from', to: '{{field}} to', values_hint: 'Type a value and press Enter',
    no_conditions: 'No conditions yet.', apply: 'Apply', clear: 'Clear',
  },
  ops: {
    eq: 'equals', ne: 'does not equal', lt: 'less than', lte: 'at most', gt: 'greater than', gte: 'at least',
    in: 'is one of', nin: 'is none of', contains: 'contains', starts_with: 'starts with', ends_with: 'ends with',
    empty: 'is empty', not_empty: 'is not empty', between: 'between',
  },
  views: {
    view: 'View', all: 'All', shared: 'shared', actions: 'View actions', save_as: 'Save as new view…',
    save_changes: 'Save changes to this view', delete: 'Delete this view', name: 'View name',
    name_required: 'Give the view a name', share: 'Share with everyone', saved: 'View "{{name}}" saved',
  },
  export: {
    title: 'Export', selected: 'Export {{count}}', csv: 'CSV', xlsx: 'Excel (XLSX)', failed: 'Export failed',
    truncated: 'The filter has "any of" groups: only the first {{count}} records are exported.',
  },
  record: {
    number: 'Number', details: 'Details', related: 'Related', history: 'History', system_info: 'System information',
    more_actions: 'More', delete_title: 'Delete record', delete_confirm: 'Move {{label}} to the recycle bin?',
    deleted: '{{number}} moved to the recycle bin', duplicated: 'Copy created: {{number}}',
  },
  related: {
    add_new: 'New {{module}}', link_existing: 'Link existing', link: 'Link', link_title: 'Link a record: {{module}}',
    unlink: 'Unlink', unlink_record: 'Unlink {{label}}', empty: 'Nothing linked yet.', count: 'Total: {{count}}',
    show_more: 'Show more',
  },
  history: {
    empty: 'No changes recorded.', system: 'System', changes: 'Changes', before: 'Before', after: 'After',
    action_create: 'Created', action_update: 'Changed', action_delete: 'Deleted', action_restore: 'Restored',
    action_link: 'Linked', action_unlink: 'Unlinked',
  },
  form: {
    create_title: 'New {{module}}', edit_title: 'Edit {{module}}', other_fields: 'Other fields',
    not_saved: 'Not saved', fix_errors: 'Please correct the highlighted fields.',
    created: '{{number}} created', saved: '{{number}} saved', copy_address: 'Copy {{from}} → {{to}}',
    unsaved_title: 'Unsaved changes', unsaved_text: 'You have changes that are not saved. Leave without saving?',
    stay: 'Stay', leave: 'Leave without saving',
  },
  address: { billing: 'billing', shipping: 'shipping', mailing: 'mailing', other: 'other' },
  conflict: {
    title: 'Someone else changed this record',
    text: 'The record was saved by someone else after you opened it. Compare the values, then reload theirs or apply yours on top.',
    field: 'Field', their_value: 'Saved now', your_value: 'Your change', unchanged: 'not changed by you',
    reload: 'Reload (discard my changes)', reapply: 'Apply my changes again',
    inline: 'The record was changed by someone else meanwhile. It has been reloaded; please make your change again.',
  },
  fields: {
    search_records: 'Type to search…', record_type: 'Record type for {{field}}', file_attached: 'File attached',
    no_file: 'No file', upload_unavailable: 'File upload arrives with the documents module.',
  },
  owner: { users: 'Users', groups: 'Groups' },
  field_types: {
    text: 'Text', textarea: 'Long text', integer: 'Whole number', decimal: 'Decimal number', money: 'Money',
    percent: 'Percent', boolean: 'Checkbox', date: 'Date', datetime: 'Date and time', email: 'E-mail',
    phone: 'Phone', url: 'Web address', picklist: 'Picklist', multipicklist: 'Multi-select picklist',
    reference: 'Link to a record', owner: 'User or group', image: 'Image', file: 'File', json: 'Structured data',
  },
  permissions: { view: 'View', create: 'Create', edit: 'Edit', delete: 'Delete', export: 'Export', import: 'Import' },
  sharing: { private: 'Private', public_read: 'Public: read', public_read_write: 'Public: read and write' },
  settings: {
    title: 'Settings', admins_only: 'Only administrators can open the settings.', module: 'Module', saved: 'Saved.',
    users: 'Users', roles: 'Roles and permissions', groups: 'Groups', sharing: 'Sharing', numbering: 'Numbering',
    fields: 'Fields', picklists: 'Picklists', recycle_bin: 'Recycle bin',
    new_user: 'New user', edit_user: 'Edit user {{name}}', username: 'User name', name: 'Name', email: 'E-mail',
    first_name: 'First name', last_name: 'Last name', role: 'Role', status: 'Status', admin: 'Administrator',
    active: 'Active', inactive: 'Inactive', new_password: 'New password (leave empty to keep)',
    new_role: 'New role', role_tree: 'Role hierarchy', role_name: 'Role name', reports_to: 'Reports to',
    permissions: 'Module permissions', new_group: 'New group', group_name: 'Group name', members: 'Members',
    prefix: 'Prefix', next_number: 'Next number',
    add_field: 'Add field', add_field_to: 'Add a field to {{module}}', label_in: 'Label ({{language}})',
    field_label: 'Label', field_name: 'Field name', field_name_hint: 'Latin snake_case, e.g. loyalty_level',
    field_type: 'Type', field_flags: 'Properties', required: 'Required', read_only: 'Read-only', custom: 'Custom',
    picklist_values: 'Values', picklist_values_hint: 'Type a value and press Enter', reference_to: 'Links to module',
    value: 'Value', picklists_read_only: 'Picklist values are shown with their translations. Editing them will be possible once the server offers a picklist API; values of a custom picklist are set when the field is added.',
    recycle_empty: 'The recycle bin of this module is empty.', deleted_at: 'Deleted', restore: 'Restore',
    restore_record: 'Restore {{label}}',
  },
};

export default en;

/** The shape every translation must have: the same keys, string values. */
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Translation = Shape<typeof en>;

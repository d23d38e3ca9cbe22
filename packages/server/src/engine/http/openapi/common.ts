/** Shapes several routes answer with. */
import { arr, bool, dateTime, int, nullable, obj, str, uuid, type Schema } from './schema.js';

export const USER: Schema = obj({
  id: uuid(), username: str(), first_name: nullable(str()), last_name: nullable(str()), email: nullable(str()),
  role_id: nullable(uuid()), is_admin: bool(), language: str(), time_zone: nullable(str({ description: 'IANA zone; null: the company\'s' })), email_notifications: bool(), active: bool(),
  access_key: str({ description: 'vTiger webservice access key (one user: the user themself and administrators)' }),
}, ['id', 'username']);

export const FIELD_META: Schema = obj({
  name: str(), type: str(), label: str(), required: bool(), read_only: bool(), options: arr(obj({ value: str(), label: str() })),
  reference: arr(str()), sortable: bool(), operators: arr(str()), min: { type: 'number' }, max: { type: 'number' }, max_length: int(),
}, ['name', 'type', 'label']);

export const MODULE_META: Schema = obj({
  name: str(), label: obj({ one: str(), many: str() }), area: str(), number_prefix: str(), title_field: str(), title_fields: arr(str()),
  fields: arr(FIELD_META), blocks: arr(obj({ key: str(), label: str(), fields: arr(str()) })), relations: arr(obj({ name: str(), module: str(), kind: str() })),
  list: obj({ columns: arr(str()), sort: str() }), sharing: str(), allowed: arr(str()), timeline_rollup: arr(str()),
}, ['name', 'fields', 'allowed']);

export const SHARING_LEVEL: Schema = { type: 'string', enum: ['private', 'public_read', 'public_read_write'] };

/** `{"data":[…]}` of records' id, number and label (a recycle bin, duplicates). */
export const RECORD_LINE: Schema = obj({ id: uuid(), number: nullable(str()), label: str(), deleted_at: dateTime() }, ['id']);

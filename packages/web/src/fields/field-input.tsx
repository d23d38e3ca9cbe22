import { BooleanField, MultiPicklistField, PicklistField } from './inputs/choice-inputs';
import { DateField, DateTimeField } from './inputs/date-inputs';
import { FileField } from './inputs/file-input';
import { OwnerField } from './inputs/owner-input';
import { ReferenceField } from './inputs/reference-input';
import { NumberField, TextareaField, TextField } from './inputs/text-inputs';
import type { FieldInputProps } from './inputs/types';

export type { FieldInputProps };

/** The input for a field, chosen by its type — the one place a new field type plugs into forms. */
export function FieldInput(props: FieldInputProps) {
  switch (props.field.type) {
    case 'textarea': return <TextareaField {...props} />;
    case 'integer': case 'decimal': case 'money': case 'percent': return <NumberField {...props} />;
    case 'boolean': return <BooleanField {...props} />;
    case 'date': return <DateField {...props} />;
    case 'datetime': return <DateTimeField {...props} />;
    case 'picklist': return <PicklistField {...props} />;
    case 'multipicklist': return <MultiPicklistField {...props} />;
    case 'reference': return <ReferenceField {...props} />;
    case 'owner': return <OwnerField {...props} />;
    case 'image': case 'file': return <FileField {...props} />;
    case 'json': return null;
    default: return <TextField {...props} />;
  }
}

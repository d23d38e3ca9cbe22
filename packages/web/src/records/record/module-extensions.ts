import type { ComponentType, LazyExoticComponent } from 'react';
import type { ModuleMeta, RecordData, Refs } from '../../api/types';

/** What a module view receives on the record page. */
export interface RecordPanelProps {
  module: ModuleMeta;
  record: RecordData;
  refs: Refs;
}

export interface RecordTab {
  key: string;
  /** i18n key of the tab label. */
  labelKey: string;
  /** Keep each module view in its own chunk: `lazy(() => import('../../modules/deals/kanban'))`. */
  component: LazyExoticComponent<ComponentType<RecordPanelProps>> | ComponentType<RecordPanelProps>;
  /** Put the tab before "Details" (a quote's line items are what people open it for). */
  first?: boolean;
}

export interface RecordAction {
  key: string;
  labelKey: string;
  /** Runs the action; returns where to go afterwards (a converted record), if anywhere. */
  run?(ctx: { module: ModuleMeta; record: RecordData }): Promise<string | void>;
  /** Or opens this dialog (a wizard, an e-mail form); it calls onDone when finished, with where to go. */
  dialog?: LazyExoticComponent<ComponentType<RecordDialogProps>> | ComponentType<RecordDialogProps>;
  /** Whether the action applies to this record (a converted lead cannot be converted again). */
  visible?(record: RecordData): boolean;
  confirmKey?: string;
  /** What people open the record for (Convert on a lead): a button of its own, not under "More". */
  primary?: boolean;
}

export interface RecordDialogProps {
  module: ModuleMeta;
  record: RecordData;
  onClose(): void;
  onDone(goTo?: string): void;
}

export interface ModuleExtension {
  tabs?: RecordTab[];
  /** Notes above the tabs that ask for attention (a process proposing its next stage). */
  banners?: ComponentType<RecordPanelProps>[];
  actions?: RecordAction[];
  /** Buttons beside the list's filters that apply a ready filter ("My tasks"). */
  listTools?: ComponentType<{ module: ModuleMeta; setWhere(where: import('@karta/shared').Where): void }>[];
  /** A different list page (kanban board) offered beside the generic list. */
  listViews?: { key: string; labelKey: string; component: ComponentType<{ module: ModuleMeta }> }[];
  /** Inputs of the module's own for some fields in its form (a deal's stage from its kind; a kind's stage list). */
  fieldInputs?: Record<string, ComponentType<ModuleFieldInputProps>>;
  /** How some fields read on the record page (a recurrence rule in words, invitees by name). */
  fieldDisplays?: Record<string, ComponentType<{ value: unknown; record: RecordData; refs: Refs }>>;
  /** How some fields read in list cells (a ticket's due time with its overdue mark). */
  cellDisplays?: Record<string, ComponentType<{ value: unknown; record: RecordData; refs: Refs }>>;
  /** Fields a list always fetches because a cell display reads them. */
  listFields?: string[];
}

/** What a module's own field input gets: the usual input props and the form (to read the other fields). */
export type ModuleFieldInputProps = import('../../fields/inputs/types').FieldInputProps & { control: import('react-hook-form').Control<import('../form/form-values').FormValues> };

/** An area's contribution to the client: module views and actions, pages with routes, header widgets. */
export interface AreaPlugin {
  extensions?: Record<string, ModuleExtension>;
  /** What every module gets (a timeline tab on every record page). */
  everyModule?: ModuleExtension;
  /** Pages outside the record routes, e.g. `{ path: 'calendar', area: 'activities', labelKey: 'nav.calendar', component: lazy(...) }`. */
  pages?: { path: string; area?: import('@karta/shared').Area; labelKey?: string; component: ComponentType; adminOnly?: boolean }[]; // no area: not in the navigation
  /** Small components in the header beside the user menu (a notification bell). */
  headerWidgets?: ComponentType[];
}

import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const lazyNamed = <K extends string>(load: () => Promise<Record<K, React.ComponentType<any>>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));
const forms = () => import('./web-form-ui');

/** Marketing: the web form designer with its preview and snippet. */
export const marketingPlugin: AreaPlugin = {
  extensions: {
    web_forms: {
      fieldInputs: { fields: lazyNamed(forms, 'FormFieldsEditor'), hidden: lazyNamed(forms, 'HiddenValuesEditor'), allowed_origins: lazyNamed(forms, 'OriginsInput') },
      tabs: [{ key: 'publish', labelKey: 'marketing.publish', component: lazyNamed(forms, 'FormPublishTab'), first: true }],
    },
  },
};

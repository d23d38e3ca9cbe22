import { lazy } from 'react';
import type { AreaPlugin } from '../../records/record/module-extensions';

const TimelineTab = lazy(() => import('./timeline-tab').then((m) => ({ default: m.TimelineTab })));

/** Activities: the timeline (with comments) on every record page. */
export const activitiesPlugin: AreaPlugin = {
  everyModule: { tabs: [{ key: 'timeline', labelKey: 'activities.timeline', component: TimelineTab }] },
};

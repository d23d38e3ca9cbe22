import { createTheme, Loader, Modal, Notification, Table } from '@mantine/core';

/** The theme; built per language so the close buttons Mantine draws carry a translated accessible name. */
export function makeTheme(closeLabel: string) {
  return createTheme({
    primaryColor: 'blue',
    // Shade 8: white text on filled buttons and links on white reach WCAG AA (blue.6 is 3.5:1).
    primaryShade: { light: 8, dark: 8 },
    defaultRadius: 'sm',
    // People who ask their system for less motion get no transitions (and so do the browser tests).
    respectReducedMotion: true,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif',
    components: {
      // A busy indicator with a role may carry its aria-label (axe: a bare span may not).
      Loader: Loader.extend({ defaultProps: { role: 'progressbar' } }),
      Table: Table.extend({ defaultProps: { verticalSpacing: 6, highlightOnHover: true } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
    },
  });
}

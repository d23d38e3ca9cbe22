/** A handful of stroke icons (24×24, currentColor) so the client needs no icon library. */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function make(paths: string[]) {
  return function Icon({ size = 16, ...rest }: IconProps) {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2}
        strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...rest}>
        {paths.map((d) => <path key={d} d={d} />)}
      </svg>
    );
  };
}

export const IconSearch = make(['M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z', 'M21 21l-4.35-4.35']);
export const IconPlus = make(['M12 5v14', 'M5 12h14']);
export const IconSun = make(['M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z', 'M12 2v2', 'M12 20v2', 'M4.9 4.9l1.4 1.4', 'M17.7 17.7l1.4 1.4', 'M2 12h2', 'M20 12h2', 'M4.9 19.1l1.4-1.4', 'M17.7 6.3l1.4-1.4']);
export const IconMoon = make(['M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z']);
export const IconPencil = make(['M4 20h4L18.5 9.5a2.8 2.8 0 0 0-4-4L4 16v4', 'M13.5 6.5l4 4']);
export const IconTrash = make(['M4 7h16', 'M10 11v6', 'M14 11v6', 'M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12', 'M9 7V4h6v3']);
export const IconCopy = make(['M8 8h12v12H8z', 'M16 8V4H4v12h4']);
export const IconFilter = make(['M4 4h16l-6 8v6l-4 2v-8z']);
export const IconColumns = make(['M4 4h16v16H4z', 'M10 4v16', 'M16 4v16']);
export const IconDownload = make(['M12 4v12', 'M7 11l5 5 5-5', 'M5 20h14']);
export const IconChevronUp = make(['M6 15l6-6 6 6']);
export const IconChevronDown = make(['M6 9l6 6 6-6']);
export const IconSelector = make(['M8 9l4-4 4 4', 'M16 15l-4 4-4-4']);
export const IconX = make(['M6 6l12 12', 'M18 6L6 18']);
export const IconCheck = make(['M5 12l5 5L20 7']);
export const IconLink = make(['M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1', 'M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1']);
export const IconUnlink = make(['M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1', 'M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1', 'M3 3l18 18']);
export const IconDots = make(['M5 12h.01', 'M12 12h.01', 'M19 12h.01']);
export const IconLanguage = make(['M4 5h8', 'M8 3v2', 'M6 5c0 4 3 7 6 8', 'M10 5c0 4-3 7-6 8', 'M13 21l4-10 4 10', 'M14.5 17h5']);
export const IconLogout = make(['M14 8V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-3', 'M9 12h12', 'M18 9l3 3-3 3']);
export const IconSettings = make(['M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6z', 'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z']);
export const IconUser = make(['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21a8 8 0 0 1 16 0']);
export const IconHistory = make(['M12 8v4l3 3', 'M3.05 11a9 9 0 1 1 .5 4', 'M3 4v5h5']);
export const IconArrowLeft = make(['M19 12H5', 'M12 19l-7-7 7-7']);
export const IconBell = make(['M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9', 'M13.73 21a2 2 0 0 1-3.46 0']);
export const IconRows = make(['M4 5h16', 'M4 10h16', 'M4 15h16', 'M4 20h16']);

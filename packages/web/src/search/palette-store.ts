import { createSpotlight } from '@mantine/spotlight';

/** The command palette's own store (so it can select the best hit); `palette.open()` opens it from anywhere. */
export const [paletteStore, palette] = createSpotlight();

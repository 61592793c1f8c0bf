/** The model format is the GBDT library's; the exporter reads it as is. */
export type { GbdtModelJson, GbdtObjective, TreeJson } from '@ares/gbdt';

/** The partition objects (Arrow IPC, one per series and month). */
export const MARKET_DATA_BUCKET = 'ares-market-data';
/** The per-series manifests (small JSON, updated with compare-and-set). */
export const MARKET_MANIFEST_BUCKET = 'ares-market-manifest';

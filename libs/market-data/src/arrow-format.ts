import { Table, tableFromIPC } from 'apache-arrow';
import { MarketDataError } from './market-data-error';

/** Schema metadata keys that label Ares artifacts, so a decoder refuses another artifact kind by name. */
export const FORMAT_KEY = 'ares.format';
export const FORMAT_VERSION_KEY = 'ares.format.version';

/** Reads an Arrow IPC buffer and checks its `ares.format` label when it has one (foreign files without it are accepted). */
export function readArrowArtifact(bytes: Uint8Array, format: string, version: string, context: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new MarketDataError('parse-error', `${context}: not a readable Arrow IPC buffer (${(err as Error).message})`);
  }
  // apache-arrow returns an empty table for bytes that are not Arrow at all.
  if (table.schema.fields.length === 0) throw new MarketDataError('parse-error', `${context}: not a readable Arrow IPC buffer (no schema found)`);
  const found = table.schema.metadata.get(FORMAT_KEY);
  if (found !== undefined && found !== format) {
    throw new MarketDataError('schema-error', `${context}: buffer holds a "${found}" artifact, expected "${format}"`);
  }
  const foundVersion = table.schema.metadata.get(FORMAT_VERSION_KEY);
  if (found !== undefined && foundVersion !== version) {
    throw new MarketDataError('schema-error', `${context}: "${format}" version ${foundVersion}, this decoder reads version ${version}`);
  }
  return table;
}

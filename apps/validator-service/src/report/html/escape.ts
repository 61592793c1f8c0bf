const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text from data (symbols, messages, feature names, trial ids) made safe for HTML and SVG text and for quoted
 * attribute values alike: nothing it holds can open a tag, close an attribute or start an entity.
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

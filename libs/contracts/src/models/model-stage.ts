/** Where a registered version stands: just registered, under test against the champion, serving, or retired. */
export const MODEL_STAGES = ['none', 'challenger', 'champion', 'archived'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

export function isModelStage(value: unknown): value is ModelStage {
  return typeof value === 'string' && (MODEL_STAGES as readonly string[]).includes(value);
}

import { ContractViolationError } from '@ares/contracts';

/**
 * Thrown by a handler for a message that can never succeed (unknown run, impossible request).
 * The worker terminates it (no redelivery) and copies it to the dead-letter stream.
 */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

/**
 * Permanent failures: retrying cannot help. Names are compared too, so an error from a second copy
 * of a module (or one rebuilt by a framework) is still recognised.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PermanentMessageError || error instanceof ContractViolationError) return true;
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'PermanentMessageError' || name === 'ContractViolationError';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}

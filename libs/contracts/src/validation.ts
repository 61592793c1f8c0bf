import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

/** A message or request that does not satisfy its contract; one message per offending field. */
export class ContractViolationError extends Error {
  constructor(
    readonly contract: string,
    readonly problems: string[],
  ) {
    super(`invalid ${contract}: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

function flatten(errors: ValidationError[], parentPath = ''): string[] {
  const problems: string[] = [];
  for (const error of errors) {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator's whitelist message already names the property; keep it path-qualified.
      problems.push(message.startsWith(`property ${error.property} `) ? `${path}: unknown field` : `${path}: ${message}`);
    }
    problems.push(...flatten(error.children ?? [], path));
  }
  return problems;
}

/**
 * Turns untrusted plain data into a validated instance of `type`, applying its defaults.
 * Unknown fields are rejected, at every depth.
 */
export function parseContract<T extends object>(type: new () => T, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new ContractViolationError(type.name, ['body: must be a JSON object']);
  }
  const instance = plainToInstance(type, plain, { exposeDefaultValues: true });
  const errors = validateSync(instance as object, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ContractViolationError(type.name, flatten(errors));
  return instance;
}

/** Parses a JSON payload (bytes or string) and validates it against `type`. */
export function decodeContract<T extends object>(type: new () => T, payload: Uint8Array | string): T {
  let plain: unknown;
  try {
    plain = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch (error) {
    throw new ContractViolationError(type.name, [`body: not valid JSON (${(error as Error).message})`]);
  }
  return parseContract(type, plain);
}

/** Plain JSON copy of a contract instance, as it travels on the wire and into history. */
export function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Logger } from 'pino';
import { ContractViolationError } from '@ares/contracts';
import { isNatsUnavailable } from '@ares/messaging';
import { InvalidStageChangeError, ModelNotFoundError } from '@ares/model-registry';
import { RunDecisionError } from '../run/run-command';
import { InvalidRunPlanError } from '../run/run-plan';

/**
 * Maps domain errors to HTTP: invalid input → 400 with one message per field, unknown run or model → 404, wrong
 * state → 409, NATS unable to answer now (restarting, between leaders) → 503 with Retry-After, so that clients and
 * load balancers retry instead of reporting a server fault.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const [status, message] = this.describe(error);
    if (status === 503) this.logger.warn({ err: error }, 'request failed: NATS unavailable');
    else if (status >= 500) this.logger.error({ err: error }, 'request failed');
    if (status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(status).json({ statusCode: status, error: STATUS_TEXT[status] ?? 'Error', message });
  }

  private describe(error: unknown): [number, string | string[]] {
    if (error instanceof ContractViolationError) return [400, error.problems];
    if (error instanceof InvalidRunPlanError) return [400, [error.message]];
    if (error instanceof ModelNotFoundError) return [404, error.message];
    if (error instanceof InvalidStageChangeError) return [400, [error.message]];
    if (error instanceof RunDecisionError) return [error.code === 'not-found' ? 404 : 409, error.message];
    // Express's body parser throws a SyntaxError, which Nest wraps in a BadRequestException.
    if (error instanceof HttpException && error.cause instanceof SyntaxError) return [400, [`body: not valid JSON (${error.cause.message})`]];
    if (error instanceof HttpException) {
      const body = error.getResponse() as { message?: string | string[] } | string;
      return [error.getStatus(), typeof body === 'string' ? body : (body.message ?? error.message)];
    }
    if (isNatsUnavailable(error)) return [503, 'the message bus is unavailable right now; try again shortly'];
    return [500, 'internal error'];
  }
}

const RETRY_AFTER_SECONDS = 1;

interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

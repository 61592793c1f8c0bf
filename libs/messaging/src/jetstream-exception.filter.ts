import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { JetStreamContext } from './jetstream.context';

/**
 * Nest's default RPC exception handling replaces an unknown error by
 * `{ status: 'error', message: 'Internal server error' }`, so the transport could no longer tell an
 * invalid payload (terminate) from a passing failure (retry). This filter hands JetStream
 * handlers' errors to the transport unchanged and leaves other RPC contexts to Nest's default.
 *
 * Register it on the microservice: `app.useGlobalFilters(new JetStreamExceptionFilter())`,
 * or per controller with `@UseFilters(JetStreamExceptionFilter)`.
 */
@Catch()
export class JetStreamExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly fallback = new BaseRpcExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (host.getType() === 'rpc' && host.switchToRpc().getContext() instanceof JetStreamContext) {
      return throwError(() => exception);
    }
    return this.fallback.catch(exception, host);
  }
}

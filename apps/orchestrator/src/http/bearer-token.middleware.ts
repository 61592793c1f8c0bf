import { tokenMatches } from './api-token';

/** The parts of Express's request and response this middleware uses (Express's types are not installed). */
interface Request {
  method: string;
  path: string;
  originalUrl: string;
  query?: Record<string, unknown>;
  headers: { authorization?: string; cookie?: string };
}
interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): Response;
  json(body: unknown): void;
  redirect(status: number, url: string): void;
}
type NextFunction = () => void;

/** Probes and scrapers need no token: `GET /health` (Kubernetes, LocalStack) and `GET /metrics` (Prometheus). */
export const TOKEN_EXEMPT_PATHS: readonly string[] = ['/health', '/metrics'];

/** The cookie the dashboard holds the token in, set from `/?token=…` once (fetch and EventSource send it by themselves). */
export const TOKEN_COOKIE = 'ares_api_token';

function cookieToken(request: Request): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Every orchestrator route but TOKEN_EXEMPT_PATHS requires `Authorization: Bearer <token>` (or the dashboard's
 * cookie); anything else is a 401 with a JSON body. A browser opens the dashboard once as `/?token=<token>`: the
 * token moves into an HttpOnly, SameSite=Strict cookie and the address is redirected without it.
 */
export function bearerTokenMiddleware(token: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (TOKEN_EXEMPT_PATHS.includes(request.path)) return next();
    const fromQuery = typeof request.query?.token === 'string' ? request.query.token : undefined;
    if (request.method === 'GET' && fromQuery !== undefined && tokenMatches(fromQuery, token)) {
      const url = new URL(request.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`);
      response.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    if (tokenMatches(bearerToken(request) ?? cookieToken(request), token)) return next();
    response
      .status(401)
      .setHeader('WWW-Authenticate', 'Bearer')
      .json({ statusCode: 401, error: 'Unauthorized', message: 'this API requires Authorization: Bearer <ARES_API_TOKEN>' });
  };
}

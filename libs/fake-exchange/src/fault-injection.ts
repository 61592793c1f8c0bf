/** A fault hits the requests to one path numbered after ≤ n < after + times (0-based, counted since the path's faults were set). */
export interface FaultWindow {
  times: number;
  /** Requests to let through untouched first (default 0): puts the fault in the middle of a pagination. */
  after?: number;
}

/** What can go wrong on one endpoint path (e.g. '/api/v3/klines'). Several kinds may be set; see `FaultInjector.next`. */
export interface FaultPlan {
  /** HTTP 429 with Binance's -1003 body and a `Retry-After` header. */
  status429?: FaultWindow & { retryAfterSeconds?: number };
  /** HTTP 5xx (default 503) with Binance's -1001 body, or a gateway's HTML page when `html`. */
  status5xx?: FaultWindow & { status?: number; html?: boolean };
  /** HTTP 200 whose body is the real answer cut in half. */
  malformedJson?: FaultWindow;
  /** Answer only after `ms` (to trip the client's timeout). */
  delayMs?: FaultWindow & { ms: number };
  /** HTTP 200 `[]` instead of the real page (array endpoints only). */
  emptyPages?: FaultWindow;
}

export type FaultsByPath = Record<string, FaultPlan>;

export type FaultOutcome =
  { kind: 'none' } | { kind: 'status'; status: number; headers: Record<string, string>; body: string } | { kind: 'malformed' } | { kind: 'empty' };

export interface FaultDecision {
  delayMs: number;
  outcome: FaultOutcome;
}

const HTML_502_503 = (status: number) =>
  `<html><head><title>${status} Service Temporarily Unavailable</title></head><body><center><h1>${status}</h1></center></body></html>`;

function hits(window: FaultWindow | undefined, n: number): boolean {
  if (!window) return false;
  const after = window.after ?? 0;
  return n >= after && n < after + window.times;
}

/** Per-path fault plans and request counters. */
export class FaultInjector {
  private readonly plans = new Map<string, { plan: FaultPlan; seen: number }>();

  /** Sets (replacing) the plans of the given paths and restarts their counters; other paths keep theirs. */
  set(faults: FaultsByPath): void {
    for (const [path, plan] of Object.entries(faults)) this.plans.set(path, { plan, seen: 0 });
  }

  clear(): void {
    this.plans.clear();
  }

  /**
   * Decides the fate of the next request to `path`. A delay combines with anything; of the rest the first that
   * applies wins, in the order 429, 5xx, malformed JSON, empty page.
   */
  next(path: string): FaultDecision {
    const entry = this.plans.get(path);
    if (!entry) return { delayMs: 0, outcome: { kind: 'none' } };
    const n = entry.seen++;
    const { plan } = entry;
    const delayMs = plan.delayMs && hits(plan.delayMs, n) ? plan.delayMs.ms : 0;
    if (plan.status429 && hits(plan.status429, n)) {
      const body = JSON.stringify({ code: -1003, msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute.' });
      return { delayMs, outcome: { kind: 'status', status: 429, headers: { 'Retry-After': String(plan.status429.retryAfterSeconds ?? 1) }, body } };
    }
    if (plan.status5xx && hits(plan.status5xx, n)) {
      const status = plan.status5xx.status ?? 503;
      const body = plan.status5xx.html
        ? HTML_502_503(status)
        : JSON.stringify({ code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
      return { delayMs, outcome: { kind: 'status', status, headers: plan.status5xx.html ? { 'Content-Type': 'text/html' } : {}, body } };
    }
    if (hits(plan.malformedJson, n)) return { delayMs, outcome: { kind: 'malformed' } };
    if (hits(plan.emptyPages, n)) return { delayMs, outcome: { kind: 'empty' } };
    return { delayMs, outcome: { kind: 'none' } };
  }
}

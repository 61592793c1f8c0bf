import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { BeforeApplicationShutdown, Controller, Inject, MessageEvent, Param, Req, Sse } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { filter, map, Observable, ReplaySubject, takeUntil } from 'rxjs';
import { RunService } from '../application/run-service';
import { RunDetail, summarize } from '../projections/run-detail';
import { RUN_SERVICE } from './run-service.token';

/** What the run list shows of a run: its summary and how far its stages have got. */
export function runListEntry(detail: RunDetail) {
  const active = detail.stages.find((stage) => stage.status === 'running') ?? detail.stages.find((stage) => stage.status === 'dispatched');
  return {
    ...summarize(detail),
    stagesDone: detail.stages.filter((stage) => stage.status === 'completed' || stage.status === 'skipped').length,
    stagesTotal: detail.stages.length,
    activeStage: active ? { name: active.name, progress: active.progress } : null,
  };
}

/** Server-sent events from the run projections (a KV watch), for the dashboard: no client polls. */
@ApiTags('runs')
@Controller()
export class StreamController implements BeforeApplicationShutdown {
  /** Open streams would hold the HTTP server's close (and so a shutdown) until their clients leave; replayed for late ones. */
  private readonly closing = new ReplaySubject<void>(1);
  private readonly responses = new Set<ServerResponse>();

  constructor(@Inject(RUN_SERVICE) private readonly runs: RunService) {}

  /** Ends every stream and waits until their responses are sent, so that the server's close finds their connections idle. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing.next();
    this.closing.complete();
    await Promise.all([...this.responses].map((response) => finished(response).catch(() => undefined)));
  }

  @Sse('runs/:id/stream')
  @ApiOperation({ summary: "The run's detail each time it changes (SSE); the current one first, ends after a terminal status" })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 404, description: 'no such run (answered before any event)' })
  async run(@Param('id') runId: string, @Req() request: StreamRequest): Promise<Observable<MessageEvent>> {
    await this.runs.detail(runId); // throws not-found while the exception filter can still answer 404
    this.track(request);
    return this.runs.watch(runId).pipe(
      map((detail): MessageEvent => ({ id: String(detail.version), data: detail })),
      takeUntil(this.closing),
    );
  }

  // A path of its own, so that no run id can shadow it.
  @Sse('runs-stream')
  @ApiOperation({ summary: 'The run list live (SSE): `run` events (summary and stage progress) and `removed` events' })
  @ApiProduces('text/event-stream')
  runList(@Req() request: StreamRequest): Observable<MessageEvent> {
    this.track(request);
    const shown = new Map<string, string>();
    return this.runs.watchAll().pipe(
      map((change): MessageEvent => {
        if ('removed' in change) return { type: 'removed', data: { runId: change.removed } };
        return { type: 'run', data: runListEntry(change.detail) };
      }),
      // Every progress message rewrites a run's model: send only what the list would show differently.
      filter((event) => {
        const data = event.data as { runId: string; updatedAt?: string };
        const { updatedAt: _updatedAt, ...shownPart } = data;
        const fingerprint = `${event.type} ${JSON.stringify(shownPart)}`;
        if (shown.get(data.runId) === fingerprint) return false;
        shown.set(data.runId, fingerprint);
        return true;
      }),
      takeUntil(this.closing),
    );
  }

  private track({ res }: StreamRequest): void {
    if (!res) return;
    this.responses.add(res);
    res.once('close', () => this.responses.delete(res));
  }
}

/** Express hands each handler its response as `request.res`. */
interface StreamRequest {
  res?: ServerResponse;
}

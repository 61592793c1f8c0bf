import { RUN_EVENT_VERSIONS, RunEventType } from './run-events';

type EventData = Record<string, unknown> & { schemaVersion: number };

/** Turns one version of an event type's data into the next. */
interface Upcaster {
  type: RunEventType;
  from: number;
  up(data: EventData): EventData;
}

/**
 * Every shape change of a stored event, oldest first. History is immutable: a renamed field is renamed here, when
 * history is read, so runs written before the change stay readable.
 */
const UPCASTERS: readonly Upcaster[] = [
  {
    // RunStarted v1 → v2: the planned stages, `stages`, are called `plan` like the StartRun decision's input.
    type: 'RunStarted',
    from: 1,
    up: ({ stages, ...rest }) => ({ ...rest, schemaVersion: 2, plan: stages }),
  },
  {
    // RunStarted v2 → v3: target-params scores candidates by purged k-fold, not an inner hold-out; the hold-out's
    // `innerTrainFraction` is gone from its params (the new `folds` and `minTrades` take their defaults).
    type: 'RunStarted',
    from: 2,
    up: (data) => ({ ...withoutTargetParamsField(data, 'innerTrainFraction'), schemaVersion: 3 }),
  },
];

function withoutTargetParamsField(data: EventData, field: string): EventData {
  const drop = (params: unknown) => {
    if (params === null || typeof params !== 'object') return params;
    const { [field]: _dropped, ...rest } = params as Record<string, unknown>;
    return rest;
  };
  const spec = data.spec as { stages?: Record<string, { params?: unknown }> } | undefined;
  const stages = spec?.stages;
  const override = stages?.['target-params'];
  const nextSpec =
    spec && stages && override?.params !== undefined
      ? { ...spec, stages: { ...stages, 'target-params': { ...override, params: drop(override.params) } } }
      : spec;
  const plan = Array.isArray(data.plan)
    ? data.plan.map((entry: { name?: string; params?: unknown }) =>
        entry?.name === 'target-params' ? { ...entry, params: drop(entry.params) } : entry,
      )
    : data.plan;
  return { ...data, spec: nextSpec, plan };
}

/** The event's data in its current shape, however old the stored version; a version from the future is refused. */
export function upcastRunEventData(type: RunEventType, data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  let current = data as EventData;
  const target = RUN_EVENT_VERSIONS[type];
  if (typeof current.schemaVersion === 'number' && current.schemaVersion > target) {
    throw new Error(`${type} has schemaVersion ${current.schemaVersion}, newer than this code reads (${target}): upgrade the reader`);
  }
  while (typeof current.schemaVersion === 'number' && current.schemaVersion < target) {
    const step = UPCASTERS.find((upcaster) => upcaster.type === type && upcaster.from === current.schemaVersion);
    if (!step) throw new Error(`no upcaster for ${type} v${current.schemaVersion} → v${current.schemaVersion + 1}`);
    current = step.up(current);
  }
  return current;
}

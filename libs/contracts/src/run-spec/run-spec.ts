import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { ModelFamily, searchSpaceProblems, STAGE_NAMES, StageOverrides, StageOverridesSchema } from '../stages';
import { Costs } from './costs';
import { TIMEFRAMES } from './timeframes';

@ValidatorConstraint({ name: 'fromBeforeTo' })
class FromBeforeTo implements ValidatorConstraintInterface {
  validate(to: unknown, args: ValidationArguments): boolean {
    const from = Date.parse(String((args.object as RunSpec).from));
    const until = Date.parse(String(to));
    return Number.isNaN(from) || Number.isNaN(until) || from < until;
  }
  defaultMessage(): string {
    return '`from` must be before `to`';
  }
}

@ValidatorConstraint({ name: 'knownStages' })
class KnownStages implements ValidatorConstraintInterface {
  private unknown: string[] = [];
  validate(stages: unknown): boolean {
    if (stages === null || typeof stages !== 'object') return true;
    this.unknown = Object.keys(stages).filter((name) => !(STAGE_NAMES as readonly string[]).includes(name));
    return this.unknown.length === 0;
  }
  defaultMessage(): string {
    return `unknown stage(s) ${this.unknown.join(', ')}; known stages: ${STAGE_NAMES.join(', ')}`;
  }
}

/** The search spaces of coarse-optimization and hpo may only name what the RunSpec's model family can tune. */
@ValidatorConstraint({ name: 'spacesFitModel' })
class SpacesFitModel implements ValidatorConstraintInterface {
  private problems: string[] = [];
  validate(model: unknown, args: ValidationArguments): boolean {
    const stages = ((args.object as RunSpec).stages ?? {}) as Record<string, { params?: { space?: unknown } } | undefined>;
    if (!(MODEL_KINDS as readonly unknown[]).includes(model)) return true;
    const family = tunedFamilyOf(model as ModelKind);
    this.problems = ['coarse-optimization', 'hpo'].flatMap((stage) => {
      const space = stages[stage]?.params?.space;
      return space === undefined ? [] : searchSpaceProblems(space, family).map((problem) => `stages.${stage}.params.space.${problem}`);
    });
    return this.problems.length === 0;
  }
  defaultMessage(): string {
    return this.problems.join('; ');
  }
}

export const EXTRA_SERIES = ['agg-trades', 'funding', 'open-interest'] as const;
export type ExtraSeries = (typeof EXTRA_SERIES)[number];
/** What a run deploys: one GBDT, the logistic baseline, or the stacked ensemble with its meta-label model. */
export const MODEL_KINDS = ['gbdt', 'logistic', 'ensemble'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
/** The family the search tunes for a model kind: the ensemble's tuned base learners are GBDTs. */
export function tunedFamilyOf(model: ModelKind): ModelFamily {
  return model === 'logistic' ? 'logistic' : 'gbdt';
}
/** Where the model trades: spot (shorts are margin shorts that pay borrow interest) or the USDT-margined perpetual (funding). */
export const MARKETS = ['spot', 'perpetual'] as const;
export type Market = (typeof MARKETS)[number];
export const GAP_POLICIES = ['segment', 'fail', 'mask', 'forward-fill'] as const;
export type GapPolicy = (typeof GAP_POLICIES)[number];

/** What a user asks for: which market, which range, from which source, with which seed and stage settings. */
export class RunSpec {
  /** Unified ccxt-style symbol, e.g. `BTC/USDT`. */
  @IsString()
  @Matches(/^[A-Z0-9]{2,20}\/[A-Z0-9]{2,20}(:[A-Z0-9]{2,20})?$/, {
    message: 'symbol must look like BASE/QUOTE, e.g. BTC/USDT',
  })
  symbol!: string;

  @IsString()
  @Matches(/^[a-z0-9]{2,32}$/, { message: 'exchange must be a ccxt exchange id, e.g. binance' })
  exchange: string = 'binance';

  @IsIn(TIMEFRAMES, { message: `timeframe must be one of ${TIMEFRAMES.join(', ')}` })
  timeframe!: string;

  /** Inclusive start, ISO 8601 (a date or a UTC timestamp). */
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date, e.g. 2023-01-01' })
  from!: string;

  /** Exclusive end, ISO 8601. */
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date, e.g. 2023-12-31' })
  @Validate(FromBeforeTo)
  to!: string;

  @IsIn(['file', 'exchange'], { message: 'source must be "file" or "exchange"' })
  source: 'file' | 'exchange' = 'file';

  /**
   * Series collected beside the candles (exchange source only): aggregated trades folded per bar, and the
   * USDT-M perpetual's funding-rate and open-interest history, aligned to bars as of each bar's close.
   */
  @IsArray()
  @IsIn(EXTRA_SERIES, { each: true, message: `extraSeries may hold ${EXTRA_SERIES.join(', ')}` })
  extraSeries: ExtraSeries[] = [];

  /**
   * What collect and validate-data do with missing bars: make every gap a segment boundary (default; fails only on
   * low coverage or one very long gap), fail the run on any, mask them (long ones fail), or forward-fill them with a flag.
   */
  @IsIn(GAP_POLICIES, { message: `gapPolicy must be one of ${GAP_POLICIES.join(', ')}` })
  gapPolicy: GapPolicy = 'segment';

  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed: number = 42;

  /**
   * What the run deploys and walk-forward evaluates: the stacked ensemble with its meta-label model (default: it beat
   * the single GBDT in walk-forward on the 2023 sample), one GBDT, or the logistic baseline (`train` always fits the
   * single-model baseline of the tuned family).
   */
  @IsIn(MODEL_KINDS, { message: 'model must be "gbdt", "logistic" or "ensemble"' })
  @Validate(SpacesFitModel)
  model: ModelKind = 'ensemble';

  /**
   * The market traded: `spot` (default; the candles of the spot pair) or `perpetual` (the USDT-margined perpetual's
   * candles, and funding charged or paid at every funding time a position is held through).
   */
  @IsIn(MARKETS, { message: 'market must be "spot" or "perpetual"' })
  market: Market = 'spot';

  @IsObject()
  @ValidateNested()
  @Type(() => Costs)
  costs: Costs = new Costs();

  /** Per-stage overrides keyed by stage name. */
  @IsOptional()
  @IsObject()
  @Validate(KnownStages)
  @ValidateNested()
  @Type(() => StageOverridesSchema)
  stages: StageOverrides = new StageOverridesSchema();
}

export function runSpecRangeMs(spec: Pick<RunSpec, 'from' | 'to'>): { fromMs: number; toMs: number } {
  return { fromMs: Date.parse(spec.from), toMs: Date.parse(spec.to) };
}

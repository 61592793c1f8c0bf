import { searchSpaceErrors, SearchSpace } from '@ares/hpo';
import { registerDecorator, ValidationArguments } from 'class-validator';

export type { SearchSpace } from '@ares/hpo';

/** The train params a search may tune, per model family (GBDT names are `stages.train.params.gbdt` fields). */
export const TUNABLE_PARAMS = {
  gbdt: [
    'learningRate',
    'maxDepth',
    'maxLeaves',
    'minDataInLeaf',
    'minChildWeight',
    'lambda',
    'subsample',
    'colsampleByTree',
    'maxBins',
    'classWeight',
  ],
  logistic: ['l2', 'classWeight'],
} as const;

export type ModelFamily = keyof typeof TUNABLE_PARAMS;

/**
 * The wide spaces coarse-optimization starts from when the RunSpec sets none. The number of boosting rounds is not
 * searched: it is the resource pruners step through (`budget.maxRounds`).
 */
export const DEFAULT_SEARCH_SPACES: Record<ModelFamily, SearchSpace> = {
  gbdt: {
    learningRate: { type: 'float', low: 0.01, high: 0.3, log: true },
    maxDepth: { type: 'int', low: 2, high: 8 },
    maxLeaves: { type: 'int', low: 4, high: 64, log: true },
    minDataInLeaf: { type: 'int', low: 10, high: 400, log: true },
    minChildWeight: { type: 'float', low: 0.01, high: 20, log: true },
    lambda: { type: 'float', low: 0.001, high: 30, log: true },
    subsample: { type: 'float', low: 0.5, high: 1 },
    colsampleByTree: { type: 'float', low: 0.4, high: 1 },
  },
  logistic: {
    l2: { type: 'float', low: 0.001, high: 1000, log: true },
    classWeight: { type: 'categorical', choices: ['balanced', 'none'] },
  },
};

/** Why `space` is no search space for `family` (empty when it is one). Unknown names list what may be tuned. */
export function searchSpaceProblems(space: unknown, family?: ModelFamily): string[] {
  const problems = searchSpaceErrors(space as SearchSpace).map((message) => message.replace(/^space\.?/, '').replace(/^: /, '') || message);
  if (problems.length > 0 || space === null || typeof space !== 'object') return problems;
  const known: readonly string[] = family ? TUNABLE_PARAMS[family] : [...new Set([...TUNABLE_PARAMS.gbdt, ...TUNABLE_PARAMS.logistic])];
  return Object.keys(space)
    .filter((name) => !known.includes(name))
    .map((name) => `${name}: unknown parameter${family ? ` for model "${family}"` : ''}; tunable: ${known.join(', ')}`);
}

/** class-validator decorator: the field is a search space over tunable train params. */
export function IsSearchSpace(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSearchSpace',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => value === undefined || searchSpaceProblems(value).length === 0,
        defaultMessage: (args: ValidationArguments) => searchSpaceProblems(args.value).join('; '),
      },
    });
}

import { Rng } from '@ares/random';
import { logNormalPdf } from '@ares/stats';
import { InternalDim } from './param-transform';
import { logGaussMass, truncatedNormalQuantile } from './truncated-normal';

export interface ParzenEstimatorOptions {
  /** Add a wide kernel centred in the domain (weight `priorWeight`): keeps the density positive everywhere. */
  readonly considerPrior: boolean;
  readonly priorWeight: number;
  /** Floor each bandwidth at range / min(100, 1 + kernels) (Bergstra's "magic clip"): no needle-thin kernels. */
  readonly considerMagicClip: boolean;
  /** Let the outermost kernels' bandwidths reach to the domain bounds. */
  readonly considerEndpoints: boolean;
  /** One joint kernel per observation (Scott-rule bandwidths, as BOHB) instead of independent 1-D estimators. */
  readonly multivariate: boolean;
  /**
   * Give each truncated-normal kernel its 1/σ. Optuna ≤ 3.5 (3.1 included) leaves it out of the log-density, so a
   * kernel's height does not shrink as it widens; Optuna 3.6 added it ("Fix logpdf for scaled truncnorm",
   * optuna#5110). Default false, as Optuna 3.1: on the bench problems the 3.1 form finds better points at 100
   * trials (see libs/hpo/README.md), and it is the behaviour Ares is compared with.
   */
  readonly normalisedKernels?: boolean;
}

const EPS = 1e-12;
const SIGMA0_MAGNITUDE = 0.2;

interface NumericKernels {
  readonly kind: 'numeric';
  readonly low: number;
  readonly high: number;
  readonly step: number | null;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log Z of each kernel's truncation to [low, high]. */
  readonly logMass: Float64Array;
  /** Additive log-density constant of each kernel: −log Z − log √(2π), and −log σ when normalised. */
  readonly logConst: Float64Array;
}

interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly size: number;
  /** Row-major kernels × choices: each row a probability vector. */
  readonly probs: Float64Array;
  readonly logProbs: Float64Array;
}

type Kernels = NumericKernels | CategoricalKernels;

/** Univariate bandwidths (Optuna 3.1 / hyperopt): the larger gap to a neighbour, among the sorted centres and the bounds. */
function neighbourSigmas(mus: Float64Array, low: number, high: number, considerEndpoints: boolean): Float64Array {
  const m = mus.length;
  const order = [...Array(m).keys()].sort((a, b) => mus[a] - mus[b] || a - b);
  const s = new Float64Array(m + 2);
  s[0] = low;
  for (let j = 0; j < m; j++) s[j + 1] = mus[order[j]];
  s[m + 1] = high;
  const sorted = new Float64Array(m);
  for (let j = 0; j < m; j++) sorted[j] = Math.max(s[j + 1] - s[j], s[j + 2] - s[j + 1]);
  if (!considerEndpoints && m >= 2) {
    sorted[0] = s[2] - s[1];
    sorted[m - 1] = s[m] - s[m - 1];
  }
  const sigmas = new Float64Array(m);
  for (let j = 0; j < m; j++) sigmas[order[j]] = sorted[j];
  return sigmas;
}

/**
 * A mixture of one kernel per observation (+ the prior): truncated normals for numeric dims (integrated over each
 * integer's cell for discretised ones), smoothed one-hot distributions for categorical dims. TPE builds one for the
 * good trials, l(x), and one for the rest, g(x).
 */
export class ParzenEstimator {
  private readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly kernels: Kernels[];

  /** `observations[d][i]`: observation i in dim d (internal representation); `observationWeights[i]` ≥ 0. */
  constructor(
    dims: readonly InternalDim[],
    observations: readonly Float64Array[],
    observationWeights: Float64Array,
    private readonly options: ParzenEstimatorOptions,
  ) {
    const n = observationWeights.length;
    const prior = options.considerPrior || n === 0;
    const m = n + (prior ? 1 : 0);
    const weights = new Float64Array(m);
    weights.set(observationWeights);
    if (prior) weights[n] = options.priorWeight;
    let total = 0;
    for (const w of weights) total += w;
    for (let i = 0; i < m; i++) weights[i] /= total;
    this.weights = weights;
    this.logWeights = weights.map(Math.log);
    this.kernels = dims.map((dim, d) =>
      dim.kind === 'categorical' ? this.categorical(dim.size, observations[d], prior) : this.numeric(dim, observations[d], prior, dims.length),
    );
  }

  private categorical(size: number, observed: Float64Array, prior: boolean): CategoricalKernels {
    const n = observed.length;
    const m = n + (prior ? 1 : 0);
    const fill = this.options.priorWeight / m;
    const probs = new Float64Array(m * size).fill(fill);
    for (let i = 0; i < n; i++) probs[i * size + observed[i]] += 1;
    for (let i = 0; i < m; i++) {
      let rowSum = 0;
      for (let c = 0; c < size; c++) rowSum += probs[i * size + c];
      for (let c = 0; c < size; c++) probs[i * size + c] /= rowSum;
    }
    return { kind: 'categorical', size, probs, logProbs: probs.map(Math.log) };
  }

  private numeric(dim: Extract<InternalDim, { kind: 'numeric' }>, observed: Float64Array, prior: boolean, nDims: number): NumericKernels {
    const { low, high, step } = dim;
    const n = observed.length;
    const m = n + (prior ? 1 : 0);
    const range = high - low;
    const mus = new Float64Array(m);
    mus.set(observed);
    if (prior) mus[n] = 0.5 * (low + high);
    let sigmas: Float64Array;
    if (this.options.multivariate) {
      // Scott's rule, as BOHB and Optuna's multivariate TPE: one bandwidth for all kernels, shrinking with n.
      sigmas = new Float64Array(m).fill(SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (nDims + 4)) * range);
    } else {
      sigmas = neighbourSigmas(mus, low, high, this.options.considerEndpoints);
    }
    const minSigma = this.options.considerMagicClip ? range / Math.min(100, 1 + m) : EPS;
    for (let i = 0; i < m; i++) sigmas[i] = Math.min(range, Math.max(minSigma, sigmas[i]));
    if (prior) sigmas[n] = range;
    const logMass = new Float64Array(m);
    const logConst = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      logMass[i] = logGaussMass((low - mus[i]) / sigmas[i], (high - mus[i]) / sigmas[i]);
      logConst[i] = logNormalPdf(0) - logMass[i] - (this.options.normalisedKernels ? Math.log(sigmas[i]) : 0);
    }
    return { kind: 'numeric', low, high, step, mus, sigmas, logMass, logConst };
  }

  /** `size` draws from the mixture, per dim (internal representation; categorical dims as choice indices). */
  sample(rng: Rng, size: number): Float64Array[] {
    const cumulative = new Float64Array(this.weights.length);
    let acc = 0;
    for (let i = 0; i < cumulative.length; i++) cumulative[i] = acc += this.weights[i];
    const active = new Int32Array(size);
    for (let s = 0; s < size; s++) {
      const u = rng() * acc;
      let i = 0;
      while (i < cumulative.length - 1 && cumulative[i] <= u) i++;
      active[s] = i;
    }
    return this.kernels.map((k) => {
      const out = new Float64Array(size);
      for (let s = 0; s < size; s++) {
        const i = active[s];
        if (k.kind === 'categorical') {
          const u = rng();
          let c = 0;
          let cum = k.probs[i * k.size];
          while (c < k.size - 1 && cum <= u) cum += k.probs[i * k.size + ++c];
          out[s] = c;
        } else {
          const mu = k.mus[i];
          const sigma = k.sigmas[i];
          out[s] = mu + sigma * truncatedNormalQuantile(rng(), (k.low - mu) / sigma, (k.high - mu) / sigma);
        }
      }
      return out;
    });
  }

  /** log density (or log mass, for discretised and categorical dims) of each sample under the mixture. */
  logPdf(samples: readonly Float64Array[]): Float64Array {
    const size = samples.length === 0 ? 0 : samples[0].length;
    const m = this.weights.length;
    const out = new Float64Array(size);
    const component = new Float64Array(m);
    for (let s = 0; s < size; s++) {
      component.set(this.logWeights);
      for (let d = 0; d < this.kernels.length; d++) addKernelLogPdf(this.kernels[d], samples[d][s], component);
      let max = -Infinity;
      for (let i = 0; i < m; i++) if (component[i] > max) max = component[i];
      if (max === -Infinity) {
        out[s] = -Infinity;
        continue;
      }
      let sum = 0;
      for (let i = 0; i < m; i++) sum += Math.exp(component[i] - max);
      out[s] = max + Math.log(sum);
    }
    return out;
  }
}

/** Adds each kernel's log density at x (one dim) to `into`. */
function addKernelLogPdf(k: Kernels, x: number, into: Float64Array): void {
  const m = into.length;
  if (k.kind === 'categorical') {
    for (let i = 0; i < m; i++) into[i] += k.logProbs[i * k.size + x];
    return;
  }
  const { mus, sigmas } = k;
  if (k.step === null) {
    for (let i = 0; i < m; i++) {
      const z = (x - mus[i]) / sigmas[i];
      into[i] += -0.5 * z * z + k.logConst[i];
    }
    return;
  }
  // Discretised: the kernel's mass on x's cell [x − step/2, x + step/2] (clipped to the bounds), over its mass on [low, high].
  const lower = Math.max(x - k.step / 2, k.low);
  const upper = Math.min(x + k.step / 2, k.high);
  for (let i = 0; i < m; i++) into[i] += logGaussMass((lower - mus[i]) / sigmas[i], (upper - mus[i]) / sigmas[i]) - k.logMass[i];
}

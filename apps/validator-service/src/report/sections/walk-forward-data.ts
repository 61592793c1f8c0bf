/** One walk-forward fold as the report shows it (walk-forward's fold report). */
export interface FoldRow {
  /** 1-based. */
  fold: number;
  trainStart?: string;
  trainEnd?: string;
  testStart: string;
  testEnd: string;
  trainRows: number | null;
  testRows: number | null;
  modelSha256: string | null;
  /** Why the fold has no model, when it has none. */
  note?: string;
  /** Its backtest figures (totalReturn, sharpe, maxDrawdown, trades, longPnl, …). */
  metrics: Record<string, number>;
}

/** What the report draws from the walk-forward: the chained out-of-sample series, the folds and the overall figures. */
export interface WalkForwardData {
  model?: string;
  market?: string;
  mode?: string;
  /** Per-bar strategy returns, the test windows chained in order. */
  strategy: Float64Array;
  /** Per-bar buy-and-hold returns over the same bars. */
  hold: Float64Array;
  /** Each trade's effect on equity (size × net return). */
  trades: Float64Array;
  /** Bars in each test window (the layout's testBars): where each fold begins in the chained series. */
  foldBars: number | null;
  folds: FoldRow[];
  overall: Record<string, number>;
  /** Parts that could not be read, said in the section. */
  problems: string[];
}

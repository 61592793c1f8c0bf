import { FoldOutcome, FoldReport } from './walk-forward-evaluation';

/** A fold outcome as a checkpoint carries it: small JSON, its per-bar returns kept apart as bytes (an artifact). */
export interface EncodedFoldOutcome {
  report: FoldReport;
  wins: number;
  exposedBars: number;
  strategyBars: number;
  holdBars: number;
  trades: number;
}

export function encodeFoldOutcome(outcome: FoldOutcome): { summary: EncodedFoldOutcome; returns: Uint8Array } {
  const { report, wins, exposedBars, strategyReturns, holdReturns, tradeReturns } = outcome;
  const returns = new Float64Array(strategyReturns.length + holdReturns.length + tradeReturns.length);
  returns.set(strategyReturns, 0);
  returns.set(holdReturns, strategyReturns.length);
  returns.set(tradeReturns, strategyReturns.length + holdReturns.length);
  return {
    summary: { report, wins, exposedBars, strategyBars: strategyReturns.length, holdBars: holdReturns.length, trades: tradeReturns.length },
    returns: new Uint8Array(returns.buffer),
  };
}

export function decodeFoldOutcome(summary: EncodedFoldOutcome, returnsBytes: Uint8Array): FoldOutcome {
  const trades = summary.trades ?? 0;
  const expected = (summary.strategyBars + summary.holdBars + trades) * 8;
  if (returnsBytes.byteLength !== expected) {
    throw new Error(`fold ${summary.report.index} returns hold ${returnsBytes.byteLength} bytes, expected ${expected}`);
  }
  const returns = new Float64Array(returnsBytes.slice().buffer);
  return {
    report: summary.report,
    wins: summary.wins,
    exposedBars: summary.exposedBars,
    strategyReturns: returns.slice(0, summary.strategyBars),
    holdReturns: returns.slice(summary.strategyBars, summary.strategyBars + summary.holdBars),
    tradeReturns: returns.slice(summary.strategyBars + summary.holdBars),
  };
}

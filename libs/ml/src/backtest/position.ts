import { TradeSide } from '../labels/triple-barrier';
import { CostFactors } from './trading-costs';

/**
 * One open position's accounting, in units of the strategy's equity. A bet commits `committed` = size × equity at
 * entry; the rest stays idle cash.
 *  - Long: buys committed / (entry·(1 + slip)(1 + fee)) units. Marked at units·close; closed for units·exit·(1 − slip)(1 − fee).
 *  - Short: sells committed / entry units at entry·(1 − slip), paying the fee. Marked at committed·(1 + exitF − close / entry),
 *    i.e. the proceeds kept and the buy-back owed at the close before its costs; closed by buying back at exit·(1 + slip)(1 + fee).
 * Funding and borrow interest accrue on the position's notional (units × the last trusted close) and are settled at exit.
 */
export class Position {
  readonly units: number;
  /** Signed amounts accrued so far (positive = paid), in equity units. */
  funding = 0;
  borrow = 0;

  constructor(
    readonly side: TradeSide,
    readonly entryIndex: number,
    readonly entryPrice: number,
    /** Fraction of equity committed. */
    readonly size: number,
    readonly committed: number,
    readonly idle: number,
    private readonly factors: CostFactors,
  ) {
    this.units = side === 'long' ? committed / (entryPrice * factors.entry) : committed / entryPrice;
  }

  /** Equity at a mark price, before exit costs and with accrued carry. */
  value(mark: number): number {
    return this.idle + this.gross(mark) - this.funding - this.borrow;
  }

  /** Equity after closing at `price` (exit costs paid, carry settled). */
  closedValue(price: number): number {
    const { entry, exit } = this.factors;
    const closed =
      this.side === 'long'
        ? this.committed * ((price * exit) / (this.entryPrice * entry))
        : this.committed * (1 + exit - (price / this.entryPrice) * entry);
    return this.idle + closed - this.funding - this.borrow;
  }

  /**
   * Settles one funding event at `rate` on the notional at `mark`: a positive rate is paid by longs to shorts.
   * Returns the amount this position paid (negative when it received).
   */
  payFunding(rate: number, mark: number): number {
    const amount = rate * this.units * mark * (this.side === 'long' ? 1 : -1);
    this.funding += amount;
    return amount;
  }

  /** A spot short's borrow interest for one bar on the value borrowed at `mark`. */
  payBorrow(ratePerBar: number, mark: number): void {
    if (this.side === 'short') this.borrow += ratePerBar * this.units * mark;
  }

  /** The side's gross return from entry to `price`, before costs and carry. */
  grossReturn(price: number): number {
    return this.side === 'long' ? price / this.entryPrice - 1 : 1 - price / this.entryPrice;
  }

  private gross(mark: number): number {
    return this.side === 'long' ? this.units * mark : this.committed * (1 + this.factors.exit - mark / this.entryPrice);
  }
}

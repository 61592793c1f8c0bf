import { IsNumber, Max, Min } from 'class-validator';

/** Trading costs every backtest pays, in basis points of notional: fee and slippage on each entry and each exit, and borrow interest on spot shorts. */
export class Costs {
  @IsNumber()
  @Min(0, { message: 'costs.takerFeeBps must not be negative' })
  @Max(1000)
  takerFeeBps: number = 10;

  @IsNumber()
  @Min(0, { message: 'costs.slippageBps must not be negative' })
  @Max(1000)
  slippageBps: number = 5;

  /**
   * Interest a spot short pays on the borrowed coins' value, per day held (charged per bar, pro rata). An assumption
   * to set to the venue's margin rate; perpetual shorts pay or receive funding instead.
   */
  @IsNumber()
  @Min(0, { message: 'costs.borrowBpsPerDay must not be negative' })
  @Max(1000)
  borrowBpsPerDay: number = 2;
}

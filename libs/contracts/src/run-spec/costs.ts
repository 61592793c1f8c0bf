import { IsNumber, Max, Min } from 'class-validator';

/** Trading costs every backtest pays, in basis points of notional, charged on each entry and each exit. */
export class Costs {
  @IsNumber()
  @Min(0, { message: 'costs.takerFeeBps must not be negative' })
  @Max(1000)
  takerFeeBps: number = 10;

  @IsNumber()
  @Min(0, { message: 'costs.slippageBps must not be negative' })
  @Max(1000)
  slippageBps: number = 5;
}

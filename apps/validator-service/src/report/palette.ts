/** The report's colours, one meaning each, so a colour means the same thing in every chart. */
export const PALETTE = {
  strategy: '#0969da',
  hold: '#8c959f',
  drawdown: '#cf222e',
  band: '#54aeff',
  median: '#0550ae',
  realised: '#cf222e',
  kept: '#0969da',
  dropped: '#afb8c1',
  complete: '#0969da',
  pruned: '#8c959f',
  front: '#bf3989',
  chosen: '#cf222e',
  best: '#1a7f37',
  reference: '#6b7580',
} as const;

/**
 * How the report prints numbers: fixed, locale-independent (the same bytes on every machine), a real minus sign,
 * and an em dash for a figure that is missing or not finite.
 */
const MISSING = '—';
const MINUS = '−';

const finite = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** `digits` decimals; −0 prints as 0. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (!finite(value)) return MISSING;
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}

/** A fraction as a percentage: 0.1234 → "12.34 %". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  return finite(value) ? `${formatNumber(value * 100, digits)} %` : MISSING;
}

/** A fraction as a signed percentage: 0.1234 → "+12.34 %" (returns, differences). */
export function formatSignedPercent(value: number | null | undefined, digits = 2): string {
  if (!finite(value)) return MISSING;
  const text = formatPercent(value, digits);
  return text.startsWith(MINUS) || Number((value * 100).toFixed(digits)) === 0 ? text : `+${text}`;
}

/** A whole number with thousands separators: 10000 → "10,000". */
export function formatInteger(value: number | null | undefined): string {
  if (!finite(value)) return MISSING;
  const digits = Math.round(Math.abs(value)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return Math.round(value) < 0 ? `${MINUS}${grouped}` : grouped;
}

/** `significant` significant digits, in exponent form below 1e-3 (ONNX parity, tiny importances). */
export function formatSignificant(value: number | null | undefined, significant = 3): string {
  if (!finite(value)) return MISSING;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude < 1e-3 || magnitude >= 1e6 ? magnitude.toExponential(significant - 1) : magnitude.toPrecision(significant);
  const plain = text.includes('e') ? text.replace(/e([+-])(\d+)/, (_, sign: string, exp: string) => `e${sign === '-' ? MINUS : ''}${exp}`) : text;
  return value < 0 ? `${MINUS}${plain}` : plain;
}

/** An ISO time as "2023-07-04 14:00" (UTC); a date at midnight as "2023-07-04"; anything else as it is. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(iso);
  if (!match) return iso;
  return !match[2] || match[2] === '00:00' ? match[1] : `${match[1]} ${match[2]}`;
}

/** An axis tick of a fraction as a percentage with at most two decimals and no trailing zeros: 0.05 → "5 %". */
export function formatPercentTick(value: number): string {
  if (!finite(value)) return MISSING;
  const text = Math.abs(value * 100)
    .toFixed(2)
    .replace(/\.?0+$/, '');
  return `${value < 0 && text !== '0' ? MINUS : ''}${text} %`;
}

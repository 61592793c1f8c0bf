import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, HttpError, runHref } from '../api';

/** The RunSpec fields the form edits, as typed (strings: the orchestrator, not the page, decides what is valid). */
interface FormValues {
  symbol: string;
  exchange: string;
  timeframe: string;
  from: string;
  to: string;
  source: string;
  seed: string;
  model: string;
  market: string;
  stages: string;
}
type Field = keyof FormValues;

const DEFAULTS: FormValues = {
  symbol: 'BTC/USDT',
  exchange: 'binance',
  timeframe: '1h',
  from: '2023-01-01',
  to: '2024-01-01',
  source: 'file',
  seed: '42',
  model: 'ensemble',
  market: 'spot',
  stages: '',
};
const FIELDS = Object.keys(DEFAULTS) as Field[];
const DEBOUNCE_MS = 300;

/** The messages of a 400, each beside the field it names (`spec.timeframe: …`); the rest above the button. */
export function problemsByField(messages: readonly string[]): Partial<Record<Field | 'general', string[]>> {
  const byField: Partial<Record<Field | 'general', string[]>> = {};
  for (const message of messages) {
    const match = /^spec\.([A-Za-z]+)(\S*): (.*)$/s.exec(message);
    let field: Field | 'general' = 'general';
    let text = message;
    if (match && (FIELDS as string[]).includes(match[1])) {
      field = match[1] as Field;
      text = match[2] ? `${match[2].slice(1)}: ${match[3]}` : match[3];
    } else if (/^stage '/.test(message)) field = 'stages'; // the run plan: which stages are enabled
    (byField[field] ??= []).push(text);
  }
  return byField;
}

/** The body POST /runs and POST /runs/validate are sent, or why the page cannot build it. */
function specOf(values: FormValues): { spec: Record<string, unknown> } | { stagesError: string } {
  const spec: Record<string, unknown> = {
    symbol: values.symbol.trim(),
    exchange: values.exchange.trim(),
    timeframe: values.timeframe.trim(),
    from: values.from.trim(),
    to: values.to.trim(),
    source: values.source,
    model: values.model,
    market: values.market,
  };
  const seed = values.seed.trim();
  // A seed that is not a number is sent as typed, so the orchestrator words the complaint.
  if (seed !== '') spec.seed = /^-?\d+$/.test(seed) ? Number(seed) : seed;
  if (values.stages.trim() !== '') {
    try {
      spec.stages = JSON.parse(values.stages);
    } catch (error) {
      return { stagesError: `not valid JSON: ${(error as Error).message}` };
    }
  }
  return { spec };
}

type Check = { state: 'checking' } | { state: 'valid' } | { state: 'invalid'; problems: Partial<Record<Field | 'general', string[]>> };

function Row({ field, label, problems, children }: { field: Field; label: string; problems?: string[]; children: ComponentChildren }) {
  return (
    <div class={problems ? 'form-row invalid' : 'form-row'}>
      <label for={`run-${field}`}>{label}</label>
      {children}
      {problems && (
        <div class="field-error" data-error-for={field}>
          {problems.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * Starts a run. Each edit is checked by POST /runs/validate (debounced), which runs exactly what POST /runs runs,
 * and its messages are shown beside their fields; submit is refused until the spec is valid.
 */
export function RunForm() {
  const [values, setValues] = useState<FormValues>(DEFAULTS);
  const [check, setCheck] = useState<Check>({ state: 'checking' });
  const [submitting, setSubmitting] = useState(false);
  const sequence = useRef(0);

  async function validate(current: FormValues): Promise<boolean> {
    const asked = ++sequence.current;
    const body = specOf(current);
    let result: Check;
    if ('stagesError' in body) result = { state: 'invalid', problems: { stages: [body.stagesError] } };
    else {
      try {
        await api.validate(body.spec);
        result = { state: 'valid' };
      } catch (error) {
        const messages = error instanceof HttpError && error.status === 400 ? error.messages : [`cannot check the spec: ${(error as Error).message}`];
        result = { state: 'invalid', problems: problemsByField(messages) };
      }
    }
    // Answers can overtake each other: only the latest edit's counts.
    if (asked === sequence.current) setCheck(result);
    return result.state === 'valid';
  }

  useEffect(() => {
    setCheck({ state: 'checking' });
    const timer = setTimeout(() => void validate(values), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [values]);

  async function submit(event: Event) {
    event.preventDefault();
    if (submitting || check.state !== 'valid') return;
    setSubmitting(true);
    try {
      if (!(await validate(values))) return;
      const body = specOf(values);
      if (!('spec' in body)) return;
      const { runId } = await api.start(body.spec);
      location.hash = runHref(runId);
    } catch (error) {
      const messages = error instanceof HttpError ? error.messages : [(error as Error).message];
      setCheck({ state: 'invalid', problems: problemsByField(messages) });
    } finally {
      setSubmitting(false);
    }
  }

  const set = (field: Field) => (event: Event) => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setValues((previous) => ({ ...previous, [field]: value }));
  };
  const problems = check.state === 'invalid' ? check.problems : {};
  const input = (field: Field, attributes: Record<string, string> = {}) => (
    <input
      id={`run-${field}`}
      name={field}
      value={values[field]}
      onInput={set(field)}
      aria-invalid={problems[field] ? 'true' : 'false'}
      {...attributes}
    />
  );
  const select = (field: Field, options: readonly string[]) => (
    <select id={`run-${field}`} name={field} value={values[field]} onChange={set(field)}>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );

  return (
    <form class="run-form" onSubmit={submit} noValidate>
      <h2>Start a run</h2>
      <Row field="symbol" label="Symbol" problems={problems.symbol}>
        {input('symbol', { placeholder: 'BTC/USDT' })}
      </Row>
      <Row field="exchange" label="Exchange" problems={problems.exchange}>
        {input('exchange', { placeholder: 'binance' })}
      </Row>
      <Row field="timeframe" label="Timeframe" problems={problems.timeframe}>
        {input('timeframe', { placeholder: '1h' })}
      </Row>
      <Row field="from" label="From" problems={problems.from}>
        {input('from', { placeholder: '2023-01-01' })}
      </Row>
      <Row field="to" label="To (exclusive)" problems={problems.to}>
        {input('to', { placeholder: '2024-01-01' })}
      </Row>
      <Row field="source" label="Source" problems={problems.source}>
        {select('source', ['file', 'exchange'])}
      </Row>
      <Row field="seed" label="Seed" problems={problems.seed}>
        {input('seed', { inputMode: 'numeric' })}
      </Row>
      <Row field="model" label="Model" problems={problems.model}>
        {select('model', ['ensemble', 'gbdt', 'logistic'])}
      </Row>
      <Row field="market" label="Market" problems={problems.market}>
        {select('market', ['spot', 'perpetual'])}
      </Row>
      <Row field="stages" label="Stage overrides (JSON, optional)" problems={problems.stages}>
        <textarea
          id="run-stages"
          name="stages"
          rows={4}
          value={values.stages}
          onInput={set('stages')}
          placeholder={'{ "hpo": { "params": { "budget": { "broadTrials": 12 } } } }'}
          spellcheck={false}
        />
      </Row>
      {problems.general && (
        <div class="field-error" data-error-for="general">
          {problems.general.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        </div>
      )}
      <div class="form-actions">
        <button type="submit" disabled={submitting || check.state !== 'valid'}>
          {submitting ? 'Starting…' : 'Start run'}
        </button>
        <span class="muted" data-check={check.state}>
          {check.state === 'checking' ? 'checking…' : check.state === 'valid' ? 'valid RunSpec' : 'fix the fields marked in red'}
        </span>
      </div>
    </form>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, HttpError, ModelDetail, modelHref, ModelSummary, ModelVersion, runHref } from '../api';
import { StatusBadge } from '../components/status-badge';
import { formatPercent, formatTime } from '../format';

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'missing' } | { state: 'error'; message: string };

/** A GET that may not be there (the registry API is optional for this page): 404 is `missing`, not an error. */
function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (error: Error) =>
        current && setLoaded(error instanceof HttpError && error.status === 404 ? { state: 'missing' } : { state: 'error', message: error.message }),
    );
    return () => void (current = false);
  }, [key]);
  return loaded;
}

function ModelList({ selected }: { selected?: string }) {
  const models = useLoad(api.models, 'models');
  if (models.state === 'loading') return <p class="muted">Loading models…</p>;
  if (models.state === 'missing') return <p class="muted">This orchestrator has no model registry API (GET /models answered 404).</p>;
  if (models.state === 'error') return <p class="error">Cannot list models: {models.message}</p>;
  if (!Array.isArray(models.value) || models.value.length === 0)
    return <p class="muted">No models registered yet: a run's save-model stage registers its model here.</p>;
  return (
    <table class="models">
      <thead>
        <tr>
          <th>Name</th>
          <th>Latest</th>
          <th>Champion</th>
          <th>Versions</th>
        </tr>
      </thead>
      <tbody>
        {models.value.map((model: ModelSummary) => (
          <tr key={model.name} data-model={model.name} class={model.name === selected ? 'selected' : ''}>
            <td>
              <a href={modelHref(model.name)}>{model.name}</a>
            </td>
            <td>v{model.latest}</td>
            <td>{model.champion === null ? <span class="muted">none</span> : <StatusBadge status="champion" label={`v${model.champion}`} />}</td>
            <td>{model.versions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AbCell({ version }: { version: ModelVersion }) {
  if (!version.ab) return <span class="muted">—</span>;
  const split = version.ab.trafficSplit;
  return (
    <div>
      <StatusBadge status={version.ab.decision} />
      {split && (
        <span class="muted">
          {' '}
          traffic {formatPercent(split.champion)} champion / {formatPercent(split.challenger)} challenger
        </span>
      )}
      <div class="muted">{version.ab.reason}</div>
    </div>
  );
}

function ModelVersions({ name }: { name: string }) {
  const model = useLoad(() => api.model(name), name);
  if (model.state === 'loading') return <p class="muted">Loading {name}…</p>;
  if (model.state === 'missing') return <p class="error">No model '{name}'.</p>;
  if (model.state === 'error')
    return (
      <p class="error">
        Cannot load {name}: {model.message}
      </p>
    );
  const detail: ModelDetail = model.value;
  const versions = [...(detail.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <>
      <h3>
        {detail.name}{' '}
        {detail.champion === null ? <span class="muted">no champion</span> : <StatusBadge status="champion" label={`champion v${detail.champion}`} />}
      </h3>
      <table class="versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Stage</th>
            <th>Run</th>
            <th>Registered</th>
            <th>ONNX sha256</th>
            <th>A/B</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version} data-version={version.version} data-model-stage={version.stage}>
              <td>v{version.version}</td>
              <td>
                <StatusBadge status={version.stage} />
              </td>
              <td>
                <a href={runHref(version.runId)}>{version.runId}</a>
              </td>
              <td class="muted">{formatTime(version.registeredAt)}</td>
              <td class="mono" title={version.onnxSha256}>
                {version.onnxSha256?.slice(0, 12)}
              </td>
              <td>
                <AbCell version={version} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The model registry: every name with its champion, and one name's versions with their stage and A/B decision. */
export function ModelsPage({ name }: { name?: string }) {
  return (
    <div class="models-page">
      <section class="panel">
        <h2>Models</h2>
        <ModelList selected={name} />
      </section>
      {name && (
        <section class="panel">
          <ModelVersions name={name} />
        </section>
      )}
    </div>
  );
}

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ModelsPage } from './pages/models-page';
import { RunListPage } from './pages/run-list';
import { RunPage } from './pages/run-page';

type Route = { page: 'runs' } | { page: 'run'; runId: string } | { page: 'models'; name?: string };

/** Hash routes: `#/`, `#/runs/<id>`, `#/models`, `#/models/<name>`; anything else is the run list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'runs' && parts[1]) return { page: 'run', runId: parts[1] };
  if (parts[0] === 'models') return { page: 'models', name: parts[1] };
  return { page: 'runs' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function App() {
  const route = useRoute();
  useEffect(() => {
    document.title = route.page === 'run' ? `${route.runId} · Ares` : route.page === 'models' ? 'Models · Ares' : 'Runs · Ares';
  }, [route]);
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">
          Ares
        </a>
        <nav>
          <a href="#/" class={route.page !== 'models' ? 'active' : ''}>
            Runs
          </a>
          <a href="#/models" class={route.page === 'models' ? 'active' : ''}>
            Models
          </a>
          <a href="/docs">API</a>
        </nav>
      </header>
      <main>
        {route.page === 'run' ? (
          <RunPage key={route.runId} runId={route.runId} />
        ) : route.page === 'models' ? (
          <ModelsPage name={route.name} />
        ) : (
          <RunListPage />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);

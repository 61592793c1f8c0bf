import { useEffect, useRef, useState } from 'preact/hooks';

/** `failed`: the browser gave up (an error answer such as 404, or not an event stream); `ended`: the handler closed it. */
export type StreamState = 'connecting' | 'open' | 'ended' | 'failed';

/**
 * Follows a server-sent event stream while the component is mounted; each event of the named types goes to
 * `onEvent` with its JSON data. When `onEvent` answers `'end'` the stream is closed at once, so that the browser
 * does not reconnect when the server ends it (a run's stream ends after its terminal status).
 */
export function useEventStream(url: string, types: readonly string[], onEvent: (type: string, data: unknown) => 'end' | void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeKey = types.join(' ');
  useEffect(() => {
    setState('connecting');
    const source = new EventSource(url);
    source.onopen = () => setState('open');
    // While CONNECTING, EventSource retries by itself (a dropped connection); CLOSED means it will not.
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'failed' : 'connecting');
    const listener = (event: MessageEvent<string>) => {
      if (handler.current(event.type, JSON.parse(event.data)) === 'end') {
        source.close();
        setState('ended');
      }
    };
    const names = typeKey.split(' ');
    for (const name of names) source.addEventListener(name, listener as EventListener);
    return () => source.close();
  }, [url, typeKey]);
  return state;
}

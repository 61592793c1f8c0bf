import { JetStreamApiError } from '@nats-io/jetstream';

/**
 * Runs a "create or open" of a KV bucket or object store that several processes may run at the same moment
 * (every replica provisions at start). The loser of a create race can get "subjects overlap" or "stream name
 * already in use" from nats-server 2.9 while the winner's stream is being created; a moment later the same
 * call finds the stream and opens it.
 */
export async function createOrOpenRacing<T>(create: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const racing = error instanceof JetStreamApiError && /overlap|already in use/i.test(error.message);
      if (!racing || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

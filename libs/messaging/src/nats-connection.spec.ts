import { freePort, startNatsServer } from '@ares/nats-server';
import { connectNats } from './nats-connection';

describe('connectNats', () => {
  it('connects and names the connection', async () => {
    const server = await startNatsServer();
    try {
      const nc = await connectNats(server.url, 'connection-spec');
      expect(nc.info?.jetstream).toBe(true);
      await nc.close();
    } finally {
      await server.stop();
    }
  });

  it('fails with the URL in the message when nothing listens', async () => {
    const url = `nats://127.0.0.1:${await freePort()}`;
    await expect(connectNats(url, 'nobody', { attempts: 2, retryDelayMs: 10 })).rejects.toThrow(
      `could not connect to NATS at ${url} after 2 attempts`,
    );
  });
});

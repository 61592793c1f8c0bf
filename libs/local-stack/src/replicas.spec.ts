import { parseReplicas, replicasFrom } from './replicas';

describe('replicas', () => {
  it('reads SERVICE=N pairs', () => {
    expect(parseReplicas('optimizer-service=3, trainer-service=2')).toEqual({ 'optimizer-service': 3, 'trainer-service': 2 });
    expect(parseReplicas(undefined)).toEqual({});
  });

  it.each([
    ['optimiser=3', /names no service/],
    ['trainer-service=0', /N from 1 to 16/],
    ['trainer-service=two', /N from 1 to 16/],
  ])('refuses %s, naming it', (text, expected) => {
    expect(() => parseReplicas(text)).toThrow(expected);
  });

  it('takes the flag over ARES_REPLICAS', () => {
    const env = { ARES_REPLICAS: 'data-service=2' };
    expect(replicasFrom(['--replicas', 'optimizer-service=3'], env)).toEqual({ 'optimizer-service': 3 });
    expect(replicasFrom(['--replicas=trainer-service=2'], env)).toEqual({ 'trainer-service': 2 });
    expect(replicasFrom([], env)).toEqual({ 'data-service': 2 });
  });
});

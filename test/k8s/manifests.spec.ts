import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceNames, STAGE_CATALOGUE } from '@ares/contracts';
import { durableConsumers } from '@ares/messaging';
import { findNatsServerBinary } from '@ares/nats-server';
import { natsAuthConfig, randomNatsPasswords } from '@ares/provisioning';
import { K8sObject, schemaError, StrictFieldChecker } from './kubernetes-schemas';
import {
  containersAreHardened,
  disruptionBudgetsSelectPods,
  networkPoliciesReferenceLabels,
  scaledObjectsMatchConsumers,
  selectorsMatchTemplates,
  serviceDeployments,
  servicesTargetPods,
  workersWithoutScaledObject,
} from './manifest-checks';
import { K8S_DIR, Overlay, OVERLAYS, renderOverlay } from './render-overlay';
import { containersOf, podTemplates } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML */

const ROOT = join(__dirname, '..', '..');
const WORKERS = [ServiceNames.data, ServiceNames.optimizer, ServiceNames.trainer, ServiceNames.validator];
const rendered = {} as Record<Overlay, K8sObject[]>;
let strict: StrictFieldChecker;

beforeAll(() => {
  for (const overlay of OVERLAYS) rendered[overlay] = renderOverlay(overlay);
  const kinds = new Map(OVERLAYS.flatMap((o) => rendered[o]).map((o) => [`${o.apiVersion}/${o.kind}`, o]));
  strict = new StrictFieldChecker([...kinds.values()]);
});

const clone = (objects: K8sObject[]): K8sObject[] => structuredClone(objects);
const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} rendered`);
  return found;
};
const configOf = (objects: K8sObject[]) => find(objects, 'ConfigMap', 'ares-config').data!;

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const objects = () => rendered[overlay];

  it('renders with kubectl kustomize into one Deployment per service, in the ares namespace', () => {
    const deployments = serviceDeployments(objects());
    expect([...deployments.keys()].sort()).toEqual(Object.values(ServiceNames).sort());
    for (const object of objects())
      if (object.kind !== 'Namespace') expect(`${object.kind}/${object.metadata.name}:${object.metadata.namespace}`).toMatch(/:ares$/);
  });

  it('every object validates against its kubernetes-models / @kubernetes-models/keda schema', () => {
    expect(objects().map(schemaError).filter(Boolean)).toEqual([]);
  });

  it('no object has a field its kind does not declare', () => {
    expect(objects().flatMap((o) => strict.unknownFields(o))).toEqual([]);
  });

  it('selectors match pod labels; Services, PDBs and NetworkPolicies select pods that exist, on declared ports', () => {
    expect(selectorsMatchTemplates(objects())).toEqual([]);
    expect(servicesTargetPods(objects())).toEqual([]);
    expect(disruptionBudgetsSelectPods(objects())).toEqual([]);
    expect(networkPoliciesReferenceLabels(objects())).toEqual([]);
    // Deny by default, for every pod, both ways.
    expect(find(objects(), 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('every container has requests, a memory limit, probes and a non-root numeric user', () => {
    expect(containersAreHardened(objects())).toEqual([]);
    expect(podTemplates(objects()).length).toBeGreaterThanOrEqual(7);
  });

  it('images are pinned, and every Ares container runs a compiled entry point of this repository', () => {
    const containers = podTemplates(objects()).flatMap(containersOf);
    for (const { image } of containers) expect(image).toMatch(/^[^:]+:(?!latest$)[\w.-]+$/);
    const ares = containers.filter((c) => Array.isArray(c.args) && String(c.args[0]).startsWith('dist/'));
    expect(new Set(ares.map((c) => c.image)).size).toBe(1); // one image for all
    for (const container of ares) {
      const source = String(container.args[0])
        .replace(/^dist\//, '')
        .replace(/\.js$/, '.ts');
      expect({ entry: container.args[0], exists: existsSync(join(ROOT, source)) }).toEqual({ entry: container.args[0], exists: true });
    }
    const job = find(objects(), 'Job', 'ares-provision');
    expect(job.spec.template.spec.containers[0].args).toEqual(['dist/scripts/provision.js']);
  });

  it("each worker's grace period covers its longest stage timeout plus the ack wait", () => {
    const ackWaitSeconds = Number(configOf(objects()).ARES_ACK_WAIT_MS) / 1000;
    for (const [service, deployment] of serviceDeployments(objects())) {
      if (service === ServiceNames.orchestrator) continue;
      const longest = Math.max(...STAGE_CATALOGUE.filter((stage) => stage.service === service).map((stage) => stage.timeoutSeconds));
      const grace = deployment.spec.template.spec.terminationGracePeriodSeconds;
      expect({ service, grace, covers: grace >= longest + ackWaitSeconds }).toEqual({ service, grace, covers: true });
    }
    const orchestrator = serviceDeployments(objects()).get(ServiceNames.orchestrator)!;
    expect(orchestrator.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(ackWaitSeconds);
  });

  it('the ConfigMap points the services at NATS and at the health port their probes use, provisioning external', () => {
    const config = configOf(objects());
    expect(config.ARES_PROVISIONING).toBe('external');
    const [, host, port] = /^nats:\/\/([a-z0-9-]+):(\d+)$/.exec(config.NATS_URL) ?? [];
    expect(find(objects(), 'Service', host).spec.ports.map((p: any) => p.port)).toContain(Number(port));
    for (const service of WORKERS) {
      const container = serviceDeployments(objects()).get(service)!.spec.template.spec.containers[0];
      expect(container.ports).toContainEqual(expect.objectContaining({ name: 'health', containerPort: Number(config.ARES_HEALTH_PORT) }));
      expect(container.envFrom).toContainEqual({ configMapRef: { name: 'ares-config' } });
    }
    const replicas = find(objects(), 'StatefulSet', 'nats').spec.replicas;
    expect(Number(config.ARES_STREAM_REPLICAS)).toBe(replicas); // R1 on one server, R3 on three
  });

  it('commits no secret value: no Secret is rendered, and every one referenced is documented in k8s/README.md', () => {
    expect(objects().filter((o) => o.kind === 'Secret')).toEqual([]);
    const text = JSON.stringify(objects());
    const secretRefs = new Set<string>();
    JSON.parse(text, (key, value) => {
      if ((key === 'secretRef' || key === 'secretKeyRef') && value?.name) secretRefs.add(value.name);
      if (key === 'secret' && value?.secretName) secretRefs.add(value.secretName);
      return value;
    });
    const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
    expect([...secretRefs].filter((name) => !readme.includes(name))).toEqual([]);
    expect([...secretRefs]).toEqual(
      expect.arrayContaining(['ares-nats-admin', 'nats-auth', ...Object.values(ServiceNames).map((s) => `ares-nats-${s}`)]),
    );
  });

  it("the NATS config passes `nats-server -t` (production's 2.10+ sync_interval aside) and routes to the StatefulSet's pods", () => {
    const configMap = objects().find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('nats-config'))!;
    const natsSet = find(objects(), 'StatefulSet', 'nats');
    expect(natsSet.spec.template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: configMap.metadata.name } });
    let config = configMap.data!['nats.conf'];
    if (overlay === 'production') {
      expect(config).toMatch(/^\s*sync_interval: always$/m);
      config = config.replace(/^\s*sync_interval: always$/m, ''); // Debian's 2.9 rejects it; production runs >= 2.12
      const headless = find(objects(), 'Service', natsSet.spec.serviceName);
      expect(headless.spec.clusterIP).toBe('None');
      const routes = [...config.matchAll(/nats:\/\/([a-z0-9.-]+):6222/g)].map((m) => m[1]);
      const pods = Array.from(
        { length: natsSet.spec.replicas },
        (_, i) => `nats-${i}.${headless.metadata.name}.${natsSet.metadata.namespace}.svc.cluster.local`,
      );
      expect(routes).toEqual(pods);
      expect(config).toMatch(/no_advertise: true/); // KEDA then finds each server by its name under the headless Service
    }
    const dir = mkdtempSync(join(tmpdir(), 'ares-k8s-nats-'));
    try {
      mkdirSync(join(dir, 'config'));
      mkdirSync(join(dir, 'auth'));
      // The mounted layout: /etc/nats/config/nats.conf includes ../auth/auth.conf (the nats-auth Secret).
      writeFileSync(join(dir, 'config', 'nats.conf'), config.replaceAll('/data/jetstream', join(dir, 'js')).replace('/var/run/nats/', `${dir}/`));
      // The real authorization block the nats-auth Secret holds, with random passwords.
      writeFileSync(join(dir, 'auth', 'auth.conf'), natsAuthConfig(randomNatsPasswords()));
      const check = spawnSync(findNatsServerBinary(), ['-t', '-c', join(dir, 'config', 'nats.conf')], {
        encoding: 'utf8',
        env: { ...process.env, POD_NAME: 'nats-0' },
      });
      expect({ status: check.status, output: `${check.stdout}${check.stderr}`.trim() }).toEqual({
        status: 0,
        output: expect.stringContaining('is valid'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('k8s/overlays/production autoscaling', () => {
  it('has a ScaledObject per worker, one nats-jetstream trigger per durable consumer of its service', () => {
    const objects = rendered.production;
    expect(workersWithoutScaledObject(objects, WORKERS)).toEqual([]);
    expect(scaledObjectsMatchConsumers(objects, durableConsumers())).toEqual([]);
    const triggers = objects.filter((o) => o.kind === 'ScaledObject').flatMap((o) => o.spec.triggers);
    expect(triggers).toHaveLength(durableConsumers().filter((c) => c.service !== ServiceNames.orchestrator).length);
  });

  it('leaves the dev overlay without autoscaling (no KEDA needed)', () => {
    expect(rendered.dev.filter((o) => o.kind === 'ScaledObject')).toEqual([]);
  });
});

// The checks must be able to fail: each mutation below is one they exist to catch.
describe('the checks catch what they claim to', () => {
  it('an unknown field, at any depth, is reported with its path', () => {
    const objects = clone(rendered.production);
    const deployment = find(objects, 'Deployment', 'optimizer-service');
    deployment.spec.replica = 2;
    deployment.spec.template.spec.containers[0].readinessProb = deployment.spec.template.spec.containers[0].readinessProbe;
    find(objects, 'ScaledObject', 'optimizer-service').spec.triggers[0].metdata = {};
    expect(schemaError(deployment)).toBeUndefined(); // what the schema alone lets through
    expect(objects.flatMap((o) => strict.unknownFields(o))).toEqual([
      'Deployment/optimizer-service: unknown field spec.template.spec.containers[0].readinessProb',
      'Deployment/optimizer-service: unknown field spec.replica',
      'ScaledObject/optimizer-service: unknown field spec.triggers[0].metdata',
    ]);
  });

  it('a schema violation is reported', () => {
    const deployment = clone(rendered.dev).find((o) => o.kind === 'Deployment')!;
    deployment.spec.replicas = 'two';
    expect(schemaError(deployment)).toMatch(/replicas must be integer/);
  });

  it('replicas on a scaled Deployment, a trigger on a consumer no service has, a consumer without a trigger', () => {
    const objects = clone(rendered.production);
    find(objects, 'Deployment', 'trainer-service').spec.replicas = 2;
    const validator = find(objects, 'ScaledObject', 'validator-service');
    validator.spec.triggers[1].metadata.consumer = 'validator-service-unit';
    validator.spec.triggers[0].metadata.lagThreshold = 2;
    find(objects, 'ScaledObject', 'data-service').spec.triggers.pop();
    expect(scaledObjectsMatchConsumers(objects, durableConsumers())).toEqual([
      "ScaledObject/data-service: no trigger for data-service's consumer ARES_UNITS/data-service-units",
      'ScaledObject/trainer-service: Deployment/trainer-service sets replicas (2); KEDA owns it',
      'ScaledObject/validator-service trigger stage-commands: metadata.lagThreshold is not a string',
      'ScaledObject/validator-service trigger units: ARES_UNITS/validator-service-unit is not a durable consumer of validator-service',
      "ScaledObject/validator-service: no trigger for validator-service's consumer ARES_UNITS/validator-service-units",
    ]);
  });

  it('a Service or PDB selecting nothing, a wrong target port, a root container, a policy on missing labels', () => {
    const objects = clone(rendered.dev);
    find(objects, 'Service', 'orchestrator').spec.ports[0].targetPort = 'api';
    find(objects, 'Service', 'trainer-service-metrics').spec.selector = { 'app.kubernetes.io/name': 'trainer' };
    find(objects, 'PodDisruptionBudget', 'data-service').spec.selector.matchLabels['app.kubernetes.io/name'] = 'data';
    const validator = find(objects, 'Deployment', 'validator-service').spec.template.spec;
    delete validator.securityContext.runAsNonRoot;
    delete validator.containers[0].livenessProbe;
    find(objects, 'NetworkPolicy', 'ares-to-nats').spec.egress[0].to[0].podSelector.matchLabels['app.kubernetes.io/name'] = 'nats-server';
    find(objects, 'Deployment', 'orchestrator').spec.selector.matchLabels['app.kubernetes.io/name'] = 'api';
    expect(servicesTargetPods(objects)).toEqual([
      'Service/orchestrator: port http targets api, which Deployment/orchestrator does not declare',
      'Service/trainer-service-metrics: selects no pod',
    ]);
    expect(disruptionBudgetsSelectPods(objects)).toContain('PodDisruptionBudget/data-service: selects no pod');
    expect(containersAreHardened(objects)).toEqual([
      'Deployment/validator-service container validator-service: runAsNonRoot is not true',
      'Deployment/validator-service container validator-service: no livenessProbe',
    ]);
    expect(networkPoliciesReferenceLabels(objects)).toContain(
      'NetworkPolicy/ares-to-nats: to podSelector {"matchLabels":{"app.kubernetes.io/name":"nats-server"}} selects no pod',
    );
    expect(selectorsMatchTemplates(objects)).toEqual([
      'Deployment/orchestrator: selector {"app.kubernetes.io/name":"api"} does not match its pod labels',
    ]);
  });
});

import type { DurableConsumer } from '@ares/messaging';
import type { K8sObject } from './kubernetes-schemas';
import { aresServiceOf, containersOf, declaresPort, namespaceOf, podTemplates, PodTemplate, ref, selects } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML, checked field by field */

/** Cross-checks no schema can express. Each returns what is wrong, as messages naming the object; [] when all hold. */

export function selectorsMatchTemplates(objects: K8sObject[]): string[] {
  return podTemplates(objects).flatMap(({ owner, labels }) => {
    const selector = owner.spec?.selector;
    if (owner.kind === 'Job') return []; // Jobs generate their own selector
    if (!selector?.matchLabels || Object.keys(selector.matchLabels).length === 0) return [`${ref(owner)}: no spec.selector.matchLabels`];
    return selects(selector, labels) ? [] : [`${ref(owner)}: selector ${JSON.stringify(selector.matchLabels)} does not match its pod labels`];
  });
}

const podsSelectedBy = (objects: K8sObject[], namespace: string, selector: any) =>
  podTemplates(objects).filter((pod) => pod.namespace === namespace && selects(selector, pod.labels));

export function servicesTargetPods(objects: K8sObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'Service')
    .flatMap((service) => {
      const pods = podsSelectedBy(objects, namespaceOf(service), service.spec?.selector ?? { none: 'selector' });
      if (!service.spec?.selector || pods.length === 0) return [`${ref(service)}: selects no pod`];
      return (service.spec.ports ?? []).flatMap((port: any) => {
        const target = port.targetPort ?? port.port;
        return pods
          .filter((pod) => !containersOf(pod).some((c) => declaresPort(c, target)))
          .map((pod) => `${ref(service)}: port ${port.name ?? port.port} targets ${target}, which ${ref(pod.owner)} does not declare`);
      });
    });
}

export function disruptionBudgetsSelectPods(objects: K8sObject[]): string[] {
  return objects
    .filter((o) => o.kind === 'PodDisruptionBudget')
    .flatMap((pdb) => (podsSelectedBy(objects, namespaceOf(pdb), pdb.spec?.selector ?? {}).length > 0 ? [] : [`${ref(pdb)}: selects no pod`]));
}

/** Every long-running container: requests, memory limit, probes on declared ports, a non-root numeric user, /tmp if read-only. */
export function containersAreHardened(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const pod of podTemplates(objects)) {
    const where = ref(pod.owner);
    const podContext = pod.spec.securityContext ?? {};
    for (const container of containersOf(pod)) {
      const at = `${where} container ${container.name}`;
      const context = { ...podContext, ...container.securityContext };
      const requests = container.resources?.requests ?? {};
      if (!requests.cpu || !requests.memory) problems.push(`${at}: no cpu and memory requests`);
      if (!container.resources?.limits?.memory) problems.push(`${at}: no memory limit`);
      if (context.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot is not true`);
      if (!Number.isInteger(context.runAsUser) || context.runAsUser <= 0) problems.push(`${at}: runAsUser is not a numeric non-root uid`);
      if (context.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
      if (pod.owner.kind !== 'Job') {
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port;
          if (!container[probe]) problems.push(`${at}: no ${probe}`);
          else if (port !== undefined && !declaresPort(container, port)) problems.push(`${at}: ${probe} on undeclared port ${port}`);
        }
      }
      if (context.readOnlyRootFilesystem === true && aresServiceOrJob(container)) {
        const tmp = (container.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
        const volume = tmp && (pod.spec.volumes ?? []).find((v: any) => v.name === tmp.name);
        if (!volume?.emptyDir) problems.push(`${at}: read-only root filesystem without an emptyDir on /tmp`);
      }
      for (const mount of container.volumeMounts ?? []) {
        const declared = (pod.spec.volumes ?? []).some((v: any) => v.name === mount.name);
        const claimed = (pod.owner.spec?.volumeClaimTemplates ?? []).some((t: any) => t.metadata?.name === mount.name);
        if (!declared && !claimed) problems.push(`${at}: mounts undeclared volume ${mount.name}`);
      }
    }
  }
  return problems;
}

const aresServiceOrJob = (container: any) => String(container.image ?? '').includes('ares');

/** Each selector of a NetworkPolicy (its pods, and in-namespace peers) selects pods that exist; ingress ports are theirs. */
export function networkPoliciesReferenceLabels(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const namespace = namespaceOf(policy);
    const selector = policy.spec?.podSelector ?? {};
    const targets = podsSelectedBy(objects, namespace, selector);
    if (targets.length === 0) problems.push(`${ref(policy)}: podSelector ${JSON.stringify(selector)} selects no pod`);
    const rules = [...(policy.spec?.ingress ?? []).map((r: any) => ['from', r]), ...(policy.spec?.egress ?? []).map((r: any) => ['to', r])];
    for (const [side, rule] of rules) {
      for (const peer of rule[side] ?? []) {
        // A peer with a namespaceSelector names pods outside this kustomization (KEDA, Prometheus, DNS).
        if (peer.podSelector && !peer.namespaceSelector && podsSelectedBy(objects, namespace, peer.podSelector).length === 0)
          problems.push(`${ref(policy)}: ${side} podSelector ${JSON.stringify(peer.podSelector)} selects no pod`);
        if (peer.namespaceSelector && !peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'])
          problems.push(`${ref(policy)}: ${side} namespaceSelector should name its namespace (kubernetes.io/metadata.name)`);
      }
      if (side !== 'from') continue;
      for (const port of rule.ports ?? []) {
        const served = targets.some((pod: PodTemplate) => containersOf(pod).some((c) => declaresPort(c, port.port)));
        if (!served) problems.push(`${ref(policy)}: ingress port ${port.port} is declared by none of its pods`);
      }
    }
  }
  return problems;
}

/** The Deployment of each Ares service, by the service its container runs. */
export function serviceDeployments(objects: K8sObject[]): Map<string, K8sObject> {
  const found = new Map<string, K8sObject>();
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const service = aresServiceOf(deployment.spec?.template?.spec?.containers?.[0]);
    if (service) found.set(service, deployment);
  }
  return found;
}

const TRIGGER_KEYS = ['natsServerMonitoringEndpoint', 'account', 'stream', 'consumer', 'lagThreshold', 'useHttps'];

/**
 * Every ScaledObject targets an existing Deployment that sets no replicas; its triggers are nats-jetstream ones on
 * durable consumers of that Deployment's service, one per consumer, with string metadata pointing at a headless
 * NATS Service's monitoring port; scale-down is stabilised and slow; fallback and bounds are set.
 */
export function scaledObjectsMatchConsumers(objects: K8sObject[], consumers: DurableConsumer[]): string[] {
  const problems: string[] = [];
  const byService = serviceDeployments(objects);
  for (const scaled of objects.filter((o) => o.kind === 'ScaledObject')) {
    const at = ref(scaled);
    const target = scaled.spec?.scaleTargetRef ?? {};
    if ((target.kind ?? 'Deployment') !== 'Deployment') problems.push(`${at}: targets a ${target.kind}, not a Deployment`);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === target.name && namespaceOf(o) === namespaceOf(scaled));
    if (!deployment) {
      problems.push(`${at}: targets Deployment ${target.name}, which does not exist`);
      continue;
    }
    if (deployment.spec?.replicas !== undefined) problems.push(`${at}: ${ref(deployment)} sets replicas (${deployment.spec.replicas}); KEDA owns it`);
    const service = [...byService].find(([, d]) => d === deployment)?.[0];
    const own = consumers.filter((c) => c.service === service);
    if (own.length === 0) problems.push(`${at}: ${ref(deployment)} runs no service with durable consumers`);
    const spec = scaled.spec;
    if (!(spec.minReplicaCount >= 0) || !(spec.maxReplicaCount >= Math.max(1, spec.minReplicaCount)))
      problems.push(`${at}: min/max replica counts unset or inverted`);
    if (!spec.fallback?.replicas || !spec.fallback?.failureThreshold) problems.push(`${at}: no fallback`);
    const scaleDown = spec.advanced?.horizontalPodAutoscalerConfig?.behavior?.scaleDown;
    if (!(scaleDown?.stabilizationWindowSeconds > 0)) problems.push(`${at}: scale-down has no stabilization window`);
    if (!(scaleDown?.policies ?? []).some((p: any) => p.type === 'Pods' && p.value === 1))
      problems.push(`${at}: scale-down has no slow (one pod per period) policy`);
    const triggered = new Set<string>();
    for (const [index, trigger] of (spec.triggers ?? []).entries()) {
      const where = `${at} trigger ${trigger.name ?? index}`;
      if (trigger.type !== 'nats-jetstream') problems.push(`${where}: type ${trigger.type}, not nats-jetstream`);
      const metadata = trigger.metadata ?? {};
      for (const key of TRIGGER_KEYS) if (!(key in metadata)) problems.push(`${where}: no metadata.${key}`);
      for (const [key, value] of Object.entries(metadata)) if (typeof value !== 'string') problems.push(`${where}: metadata.${key} is not a string`);
      if (!/^\d+$/.test(metadata.lagThreshold ?? '') || Number(metadata.lagThreshold) < 1)
        problems.push(`${where}: lagThreshold is not a positive integer`);
      problems.push(...monitoringEndpointProblems(objects, where, metadata.natsServerMonitoringEndpoint));
      const consumer = own.find((c) => c.stream === metadata.stream && c.durable === metadata.consumer);
      if (!consumer) problems.push(`${where}: ${metadata.stream}/${metadata.consumer} is not a durable consumer of ${service}`);
      else triggered.add(`${consumer.stream}/${consumer.durable}`);
    }
    for (const c of own)
      if (!triggered.has(`${c.stream}/${c.durable}`)) problems.push(`${at}: no trigger for ${c.service}'s consumer ${c.stream}/${c.durable}`);
  }
  return problems;
}

/** `<service>.<namespace>.svc.cluster.local:8222` of a headless NATS Service exposing 8222. */
function monitoringEndpointProblems(objects: K8sObject[], where: string, endpoint: unknown): string[] {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:(\d+)$/.exec(String(endpoint));
  if (!match) return [`${where}: natsServerMonitoringEndpoint ${endpoint} is not <service>.<namespace>.svc.cluster.local:<port>`];
  const [, name, namespace, port] = match;
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name && namespaceOf(o) === namespace);
  if (!service) return [`${where}: no Service ${namespace}/${name}`];
  const problems: string[] = [];
  if (service.spec?.clusterIP !== 'None') problems.push(`${where}: Service ${name} is not headless (KEDA reaches each server by its pod name)`);
  if (!(service.spec?.ports ?? []).some((p: any) => p.port === Number(port))) problems.push(`${where}: Service ${name} has no port ${port}`);
  return problems;
}

/** Workers that a production overlay leaves unscaled. */
export function workersWithoutScaledObject(objects: K8sObject[], workers: string[]): string[] {
  const deployments = serviceDeployments(objects);
  const targets = new Set(objects.filter((o) => o.kind === 'ScaledObject').map((o) => o.spec?.scaleTargetRef?.name));
  return workers.filter((service) => !targets.has(deployments.get(service)?.metadata.name));
}

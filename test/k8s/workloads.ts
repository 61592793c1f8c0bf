import type { K8sObject } from './kubernetes-schemas';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML, checked field by field */

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job'];

/** A pod template of a rendered workload, with what the cross-checks look at. */
export interface PodTemplate {
  owner: K8sObject;
  namespace: string;
  labels: Record<string, string>;
  spec: any;
}

export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.includes(o.kind))
    .map((o) => ({ owner: o, namespace: namespaceOf(o), labels: o.spec?.template?.metadata?.labels ?? {}, spec: o.spec?.template?.spec ?? {} }));
}

export const namespaceOf = (o: K8sObject) => o.metadata.namespace ?? 'default';
export const ref = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

/** A label selector's matchLabels (and matchExpressions' In/Exists) against labels; an empty selector matches all. */
export function selects(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const match: Record<string, string> = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  if (!Object.entries(match).every(([key, value]) => labels[key] === value)) return false;
  return (selector.matchExpressions ?? []).every((e: any) => {
    if (e.operator === 'In') return e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return e.key in labels;
    return !(e.key in labels);
  });
}

export const containersOf = (pod: PodTemplate): any[] => [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];

/** A Service/probe port (name or number) resolved against a container's declared ports. */
export function declaresPort(container: any, port: string | number): boolean {
  return (container.ports ?? []).some((p: any) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

/** The Ares service an Ares container runs, from its args (`dist/apps/<service>/src/main.js`). */
export function aresServiceOf(container: any): string | undefined {
  return /^dist\/apps\/([a-z-]+)\/src\/main\.js$/.exec(container.args?.[0] ?? '')?.[1];
}

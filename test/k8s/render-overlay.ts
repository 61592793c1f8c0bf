import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './kubernetes-schemas';

export const K8S_DIR = join(__dirname, '..', '..', 'k8s');
export const OVERLAYS = ['dev', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((path) => existsSync(path)) ?? 'kubectl';

/** `kubectl kustomize <dir>` (offline), parsed into objects; a render error fails with kubectl's message. */
export function renderKustomization(dir: string): K8sObject[] {
  const result = spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw new Error(`kubectl kustomize ${dir}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} exited ${result.status}: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(`unparseable YAML from kubectl kustomize ${dir}: ${document.errors[0].message}`);
    return document.toJS() as K8sObject;
  });
}

export const renderOverlay = (overlay: Overlay) => renderKustomization(join(K8S_DIR, 'overlays', overlay));

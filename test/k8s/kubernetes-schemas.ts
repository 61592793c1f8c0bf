import { dirname, join } from 'node:path';
import ts from 'typescript';

/** A rendered Kubernetes object, as parsed from YAML. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- walked and checked field by field
  data?: Record<string, string>;
  [field: string]: unknown;
}

/** The kubernetes-models (or @kubernetes-models/keda) module of a kind: its model class, its .d.ts beside it. */
export function modelModule(apiVersion: string, kind: string): string {
  const group = apiVersion.startsWith('keda.sh/') ? '@kubernetes-models/keda' : 'kubernetes-models';
  return `${group}/${apiVersion}/${kind}`;
}

interface Model {
  validate(): void;
}

/** Constructs the kind's model and runs its schema validation; what the schema refuses, as a message (or undefined). */
export function schemaError(object: K8sObject): string | undefined {
  let Class: new (data: unknown) => Model;
  try {
    Class = require(modelModule(object.apiVersion, object.kind))[object.kind]; // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    return `${object.apiVersion} ${object.kind}: no such kind in kubernetes-models / @kubernetes-models/keda`;
  }
  if (!Class) return `${object.apiVersion} ${object.kind}: no model class`;
  try {
    new Class(object).validate();
    return undefined;
  } catch (error) {
    return `${object.kind}/${object.metadata?.name}: ${(error as Error).message}`;
  }
}

/**
 * The models' JSON schemas are compiled validators that accept any unknown field, so unknown fields are found here:
 * each object is walked against the TypeScript declarations shipped with the same models (one interface per kind,
 * every field typed), read with the TypeScript compiler.
 */
export class StrictFieldChecker {
  private readonly checker: ts.TypeChecker;
  private readonly roots = new Map<string, ts.Type>();

  constructor(kinds: { apiVersion: string; kind: string }[]) {
    const files = new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, declarationFile(k.apiVersion, k.kind)]));
    const program = ts.createProgram([...files.values()], { skipLibCheck: true, noEmit: true, types: [] });
    this.checker = program.getTypeChecker();
    for (const [key, file] of files) {
      const source = program.getSourceFile(file);
      const kind = key.split('/').pop()!;
      const symbol = source && this.checker.getSymbolAtLocation(source)?.exports?.get(ts.escapeLeadingUnderscores(`I${kind}`));
      if (!symbol) throw new Error(`no interface I${kind} in ${file}`);
      this.roots.set(key, this.checker.getDeclaredTypeOfSymbol(symbol));
    }
  }

  /** Every field of `object` that its kind's declarations do not have, as `Kind/name: path.to.field`. */
  unknownFields(object: K8sObject): string[] {
    const root = this.roots.get(`${object.apiVersion}/${object.kind}`);
    if (!root) return [`${object.kind}/${object.metadata?.name}: kind not loaded`];
    const problems: string[] = [];
    this.walk(object, root, '', problems);
    return problems.map((path) => `${object.kind}/${object.metadata?.name}: unknown field ${path}`);
  }

  private walk(value: unknown, type: ts.Type, path: string, problems: string[]): void {
    if (value === null || typeof value !== 'object') return; // scalars: the schema validation checks their types
    const candidates = (type.isUnion() ? type.types : [type]).filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (candidates.some((t) => t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return;
    if (Array.isArray(value)) {
      const arrayType = candidates.find((t) => this.checker.isArrayType(t));
      if (!arrayType) return void problems.push(`${path} (an array where none is declared)`);
      const element = this.checker.getTypeArguments(arrayType as ts.TypeReference)[0];
      value.forEach((item, index) => this.walk(item, element, `${path}[${index}]`, problems));
      return;
    }
    const objectType = candidates.find((t) => t.flags & ts.TypeFlags.Object && !this.checker.isArrayType(t));
    if (!objectType) return void problems.push(`${path} (an object where none is declared)`);
    const indexType = this.checker.getIndexTypeOfType(objectType, ts.IndexKind.String);
    for (const [key, child] of Object.entries(value)) {
      const property = this.checker.getPropertyOfType(objectType, key);
      const childPath = path ? `${path}.${key}` : key;
      if (property) this.walk(child, this.checker.getTypeOfSymbol(property), childPath, problems);
      else if (indexType) this.walk(child, indexType, childPath, problems);
      else problems.push(childPath);
    }
  }
}

function declarationFile(apiVersion: string, kind: string): string {
  const js = require.resolve(modelModule(apiVersion, kind));
  return join(dirname(js), `${kind}.d.ts`);
}

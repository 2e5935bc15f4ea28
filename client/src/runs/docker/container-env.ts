// A container's environment and command line as the kubelet builds them: envFrom first, then
// env in order (each value may refer to variables defined before it), then `$(VAR)` expansion
// of command and args against the result.
import type { PodLaunch } from '../pod-runtime';
import { findDataSource, missingKeyMessage, notFoundMessage, type DataSourceKind } from './config-data';
import { podFieldValue, resourceFieldValue, PodFieldError, type ResourceFieldRef } from './pod-fields';
import { expandVars } from './var-expansion';
import type { ContainerSpec } from './pod-spec';

/** What the kubelet reports as CreateContainerConfigError: the container cannot be created as specified. */
export class ContainerConfigError extends Error {}

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string }; resourceFieldRef?: ResourceFieldRef; configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
}

interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export function containerEnvironment(launch: PodLaunch, container: ContainerSpec, allContainers: readonly ContainerSpec[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of (container.envFrom ?? []) as EnvFromSource[]) {
    const [kind, ref] = source.configMapRef ? (['ConfigMap', source.configMapRef] as const) : source.secretRef ? (['Secret', source.secretRef] as const) : [undefined, undefined];
    if (!kind) throw new ContainerConfigError(`container "${container.name}": envFrom needs configMapRef or secretRef`);
    const data = findDataSource(kind === 'ConfigMap' ? launch.configMaps : launch.secrets, kind, ref.name ?? '');
    if (!data) {
      if (ref.optional) continue;
      throw new ContainerConfigError(notFoundMessage(kind, ref.name ?? ''));
    }
    for (const [key, value] of data.entries) {
      const name = `${source.prefix ?? ''}${key}`;
      // The kubelet skips keys that cannot be variable names.
      if (name.length === 0 || name.includes('=')) continue;
      env.set(name, value.toString('utf8'));
    }
  }
  for (const variable of (container.env ?? []) as EnvVar[]) {
    const name = variable.name ?? '';
    const value = envValue(launch, container, allContainers, variable, env);
    if (value !== undefined) env.set(name, value);
  }
  if (launch.index !== undefined && !env.has(COMPLETION_INDEX_ENV)) env.set(COMPLETION_INDEX_ENV, String(launch.index));
  return env;
}

function envValue(launch: PodLaunch, container: ContainerSpec, all: readonly ContainerSpec[], variable: EnvVar, defined: Map<string, string>): string | undefined {
  const from = variable.valueFrom;
  if (!from) return expandVars(variable.value ?? '', (name) => defined.get(name));
  try {
    if (from.fieldRef) return podFieldValue(launch, from.fieldRef.fieldPath ?? '');
    if (from.resourceFieldRef) return resourceFieldValue(all, from.resourceFieldRef, container.name);
  } catch (error) {
    if (error instanceof PodFieldError) throw new ContainerConfigError(`env ${variable.name ?? ''}: ${error.message}`);
    throw error;
  }
  if (from.configMapKeyRef) return keyValue(launch, 'ConfigMap', from.configMapKeyRef);
  if (from.secretKeyRef) return keyValue(launch, 'Secret', from.secretKeyRef);
  throw new ContainerConfigError(`env ${variable.name ?? ''}: valueFrom has no source the local runner knows`);
}

function keyValue(launch: PodLaunch, kind: DataSourceKind, ref: KeyRef): string | undefined {
  const data = findDataSource(kind === 'ConfigMap' ? launch.configMaps : launch.secrets, kind, ref.name ?? '');
  if (!data) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(notFoundMessage(kind, ref.name ?? ''));
  }
  const value = data.entries.get(ref.key ?? '');
  if (value === undefined) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(missingKeyMessage(kind, launch.namespace, ref.name ?? '', ref.key ?? ''));
  }
  return value.toString('utf8');
}

/** command → entrypoint and args → cmd, each with `$(VAR)` expanded against the container's env. */
export function commandLine(container: ContainerSpec, env: Map<string, string>): { entrypoint?: string[]; cmd?: string[] } {
  const expand = (items: unknown): string[] | undefined =>
    Array.isArray(items) ? items.map((item) => expandVars(String(item), (name) => env.get(name))) : undefined;
  return { entrypoint: expand(container.command), cmd: expand(container.args) };
}

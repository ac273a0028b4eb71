import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { ResourceValues, renderResources } from '../plan/resources';
import { DEFAULT_RUN_AS_ID, RunAs } from '../plan/web-api-model';

/** The user and group every container runs as by default: above 10000, so it maps to no user on the node (kube-score). */
export const RUN_AS_ID = DEFAULT_RUN_AS_ID;
const DEFAULT_RUN_AS: RunAs = { user: RUN_AS_ID, group: RUN_AS_ID };

/** A container security context that passes Pod Security Standards "restricted", running as `runAs`. */
export function restrictedContainer(runAs: RunAs = DEFAULT_RUN_AS): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/** The matching pod security context; `fsGroup` makes mounted volumes writable by that group. */
export function restrictedPod(runAs: RunAs = DEFAULT_RUN_AS): kplus.PodSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: runAs.user,
    group: runAs.group,
    fsGroup: runAs.group,
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}

/** {@link restrictedContainer} for the default user and group. */
export const RESTRICTED_CONTAINER: kplus.ContainerSecurityContextProps = restrictedContainer();
/** {@link restrictedPod} for the default user and group. */
export const RESTRICTED_POD: kplus.PodSecurityContextProps = restrictedPod();

/** Where a container sits in a pod spec, for {@link setResources}. */
export interface ContainerSlot {
  readonly list: 'containers' | 'initContainers';
  readonly index: number;
}

/**
 * Writes exact `resources` into a synthesized pod spec. cdk8s-plus can only express memory in whole units and
 * fills its own 1000m/512Mi defaults otherwise, so the values we resolved are written over them.
 * @internal
 */
export function setResources(obj: ApiObject, podSpecPath: string, slot: ContainerSlot, values: ResourceValues): void {
  // The patch lands before the generated L1 class re-renders its JSON, which reads quantities as k8s.Quantity.
  const quantities = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k8s.Quantity.fromString(v)]));
  const { requests, limits } = renderResources(values);
  obj.addJsonPatch(JsonPatch.add(`${podSpecPath}/${slot.list}/${slot.index}/resources`, { requests: quantities(requests), limits: quantities(limits) }));
}

/**
 * cdk8s-plus resources close to `values` (memory rounded up to whole MiB; ephemeral storage left to
 * {@link setResources}), so that the escape hatch's model reads near-true numbers.
 * @internal
 */
export function approximateResources(values: ResourceValues): kplus.ContainerResources {
  const mib = (bytes: number) => Math.max(1, Math.ceil(bytes / 2 ** 20));
  return {
    cpu: { request: kplus.Cpu.millis(values.cpuRequestMillis), limit: kplus.Cpu.millis(values.cpuLimitMillis) },
    memory: { request: Size.mebibytes(mib(values.memoryRequestBytes)), limit: Size.mebibytes(mib(values.memoryLimitBytes)) },
  };
}

/**
 * Edits an object's JSON after it is rendered: for fields newer than cdk8s-plus-28's Kubernetes 1.28 types (such as
 * the `preStop.sleep` action of 1.30), which its generated classes drop even from a JSON patch.
 * @internal
 */
export function editAfterRender(obj: ApiObject, edit: (json: any) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const render = obj.toJson.bind(obj);
  obj.toJson = () => {
    const json = render();
    edit(json);
    return json;
  };
}

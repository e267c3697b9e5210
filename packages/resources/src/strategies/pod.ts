/**
 * Pod strategy, after k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_Pod,
 * SetDefaults_PodSpec: `pod-spec-defaults.ts`), pkg/registry/core/pod/strategy.go (a new Pod is
 * Pending with its QoS class; CheckGracefulDelete) and the mutating admission plugins
 * kube-apiserver enables by default for pods: DefaultTolerationSeconds
 * (plugin/pkg/admission/defaulttolerationseconds) and Priority (plugin/pkg/admission/priority).
 */
import type { KubeObject, ResourceStrategy } from '../types.js';
import { asRecord, child, fill, items, type Json } from './defaults.js';
import { podQosClass } from './pod-qos.js';
import { defaultPodSpec } from './pod-spec-defaults.js';

/** SetDefaults_Pod: requests default to limits, service links on, then the PodSpec's defaults. */
function applyDefaults(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  for (const container of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) {
    const resources = asRecord(container.resources);
    const limits = asRecord(resources?.limits);
    if (!resources || !limits) continue;
    const requests = child(resources, 'requests');
    for (const [name, amount] of Object.entries(limits)) fill(requests, name, amount);
  }
  fill(spec, 'enableServiceLinks', true);
  defaultPodSpec(spec);
}

// plugin/pkg/admission/defaulttolerationseconds: --default-{not-ready,unreachable}-toleration-seconds
const TOLERATED_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
const DEFAULT_TOLERATION_SECONDS = 300;

/** Every pod tolerates a not-ready or unreachable node for 5 minutes unless it says otherwise. */
function addDefaultTolerations(spec: Json): void {
  const tolerations = items(spec, 'tolerations');
  const added = TOLERATED_TAINTS.filter(
    (key) => !tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect)),
  ).map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
  }));
  if (added.length > 0)
    spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/**
 * The priority classes kube-apiserver creates at start-up
 * (pkg/apis/scheduling SystemPriorityClasses); with no class named, no default class exists here,
 * so priority is 0 (DefaultPriorityWhenNoDefaultClassExists).
 */
const SYSTEM_PRIORITIES: Record<string, number> = {
  '': 0,
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/** The Priority admission plugin: priority from the class on create, kept on update. */
function admitPriority(spec: Json, old: KubeObject | undefined): void {
  if (old) {
    const oldSpec = asRecord(old.spec) ?? {};
    fill(spec, 'priority', oldSpec.priority);
    fill(spec, 'preemptionPolicy', oldSpec.preemptionPolicy);
    if (spec.priority === undefined) delete spec.priority;
    if (spec.preemptionPolicy === undefined) delete spec.preemptionPolicy;
    return;
  }
  const className = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  const priority = SYSTEM_PRIORITIES[className];
  if (priority === undefined) return;
  fill(spec, 'priority', priority);
  fill(spec, 'preemptionPolicy', 'PreemptLowerPriority');
}

function gracePeriodSeconds(obj: KubeObject, requested: number | undefined): number {
  const spec = asRecord(obj.spec) ?? {};
  const phase = asRecord(obj.status)?.phase;
  let period =
    requested ??
    (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 0);
  // an unscheduled or finished pod is deleted at once
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '') period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}

export const podStrategy: ResourceStrategy = {
  applyDefaults,
  mutatingAdmission(obj, old) {
    const spec = child(obj, 'spec');
    addDefaultTolerations(spec);
    admitPriority(spec, old);
  },
  prepareForCreate(obj) {
    // A stored status is a restore's; an API create arrives without one (status subresource).
    if (obj.status === undefined)
      obj.status = { phase: 'Pending', qosClass: podQosClass(child(obj, 'spec')) };
  },
  gracePeriodSeconds,
};

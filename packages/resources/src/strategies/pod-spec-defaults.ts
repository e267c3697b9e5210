/**
 * The scheme defaults of a v1 PodSpec and what it holds, after k8s.io/kubernetes
 * pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Volume,
 * SetDefaults_Probe, SetDefaults_HTTPGetAction, the volume sources' default modes) and the
 * per-field defaults of zz_generated.defaults.go (container port protocol, field reference
 * apiVersion, gRPC probe service). Quantities are kept as sent (no milli rounding).
 */
import { asRecord, child, fill, fillString, items, type Json, present } from './defaults.js';

// pkg/apis/core/v1 constants: TerminationMessagePathDefault, DefaultTerminationGracePeriodSeconds,
// DefaultSchedulerName, and 0644 for the volume sources' DefaultMode
const TERMINATION_MESSAGE_PATH = '/dev/termination-log';
const TERMINATION_GRACE_PERIOD_SECONDS = 30;
const DEFAULT_SCHEDULER = 'default-scheduler';
const DEFAULT_MODE = 0o644;

/**
 * The tag of an image reference as k8s.io/kubernetes pkg/util/parsers ParseImageName reads it:
 * `latest` when neither a tag nor a digest is given.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at < 0 ? image : image.slice(0, at);
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return at < 0 ? 'latest' : '';
}

function defaultHttpGet(handler: Json | undefined): void {
  const httpGet = handler && present(handler, 'httpGet');
  if (!httpGet) return;
  fillString(httpGet, 'path', '/');
  fillString(httpGet, 'scheme', 'HTTP');
}

function defaultProbe(container: Json, key: string): void {
  const probe = present(container, key);
  if (!probe) return;
  for (const [field, value] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (probe[field] === undefined || probe[field] === null || probe[field] === 0) probe[field] = value;
  }
  defaultHttpGet(probe);
  const grpc = present(probe, 'grpc');
  if (grpc) fill(grpc, 'service', '');
}

function defaultFieldRef(holder: Json | undefined): void {
  const fieldRef = holder && present(holder, 'fieldRef');
  if (fieldRef) fillString(fieldRef, 'apiVersion', 'v1');
}

function defaultContainer(container: Json, hostNetwork: boolean): void {
  if (container.imagePullPolicy === undefined || container.imagePullPolicy === '') {
    const image = typeof container.image === 'string' ? container.image : '';
    container.imagePullPolicy = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  fillString(container, 'terminationMessagePath', TERMINATION_MESSAGE_PATH);
  fillString(container, 'terminationMessagePolicy', 'File');
  // `resources` is a struct, not a pointer: always written
  child(container, 'resources');
  for (const port of items(container, 'ports')) {
    fillString(port, 'protocol', 'TCP');
    if (hostNetwork && !port.hostPort && typeof port.containerPort === 'number')
      port.hostPort = port.containerPort;
  }
  for (const env of items(container, 'env')) defaultFieldRef(present(env, 'valueFrom'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(container, probe);
  const lifecycle = present(container, 'lifecycle');
  if (lifecycle) for (const hook of ['postStart', 'preStop']) defaultHttpGet(present(lifecycle, hook));
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

function defaultVolume(volume: Json): void {
  // SetDefaults_Volume: a volume naming no source is an emptyDir
  if (VOLUME_SOURCES.every((source) => volume[source] === undefined || volume[source] === null))
    volume.emptyDir = {};
  const hostPath = present(volume, 'hostPath');
  if (hostPath) fill(hostPath, 'type', '');
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const value = present(volume, source);
    if (value) fill(value, 'defaultMode', DEFAULT_MODE);
  }
  for (const item of items(present(volume, 'downwardAPI'), 'items')) defaultFieldRef(item);
  for (const projection of items(present(volume, 'projected'), 'sources')) {
    for (const item of items(present(projection, 'downwardAPI'), 'items')) defaultFieldRef(item);
    const token = present(projection, 'serviceAccountToken');
    if (token) fill(token, 'expirationSeconds', 3600);
  }
  const iscsi = present(volume, 'iscsi');
  if (iscsi) fillString(iscsi, 'iscsiInterface', 'default');
  const rbd = present(volume, 'rbd');
  if (rbd) {
    fillString(rbd, 'pool', 'rbd');
    fillString(rbd, 'user', 'admin');
    fillString(rbd, 'keyring', '/etc/ceph/keyring');
  }
  const azureDisk = present(volume, 'azureDisk');
  if (azureDisk) {
    fill(azureDisk, 'cachingMode', 'ReadWrite');
    fill(azureDisk, 'fsType', 'ext4');
    fill(azureDisk, 'readOnly', false);
    fill(azureDisk, 'kind', 'Shared');
  }
  const scaleIO = present(volume, 'scaleIO');
  if (scaleIO) {
    fillString(scaleIO, 'storageMode', 'ThinProvisioned');
    fillString(scaleIO, 'fsType', 'xfs');
  }
  const claimSpec = asRecord(asRecord(present(volume, 'ephemeral')?.volumeClaimTemplate)?.spec);
  if (claimSpec) fill(claimSpec, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PodSpec and the defaults of everything a PodSpec holds, in place. */
export function defaultPodSpec(spec: Json): void {
  fillString(spec, 'dnsPolicy', 'ClusterFirst');
  fillString(spec, 'restartPolicy', 'Always');
  fill(spec, 'securityContext', {});
  fill(spec, 'terminationGracePeriodSeconds', TERMINATION_GRACE_PERIOD_SECONDS);
  fillString(spec, 'schedulerName', DEFAULT_SCHEDULER);
  const hostNetwork = spec.hostNetwork === true;
  for (const key of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const container of items(spec, key))
      defaultContainer(container, hostNetwork && key !== 'ephemeralContainers');
  for (const volume of items(spec, 'volumes')) defaultVolume(volume);
}

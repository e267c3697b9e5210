export { CREATE_ONLY_MD5, describeKey, NacosClient, type NacosClientOptions } from './client.js';
export { checkHealth, createNamespace, listNamespaces, searchConfigs } from './console-api.js';
export { isNacosError, NacosError, type NacosErrorKind } from './errors.js';
export { decodeChangedKeys, encodeListeningConfigs, javaUrlEncode } from './listener-codec.js';
export { contentMd5, hasLoneSurrogate } from './md5.js';
export { apiForVersion, MIN_CAS_VERSION, parseVersion, versionAtLeast } from './server-info.js';
export {
  type ConfigItem,
  type ConfigKey,
  casAt,
  type NamespaceInfo,
  type PublishOptions,
  type SearchOptions,
  type ServerApi,
  type ServerInfo,
} from './types.js';

/**
 * The v1 long-poll wire format (alibaba/nacos config MD5Util): the request field
 * `Listening-Configs` is `dataId \x02 group \x02 md5 [\x02 tenant] \x01` per key; the answer is the
 * Java-URLEncoded list of changed `dataId \x02 group [\x02 tenant] \x01` followed by a newline.
 */
import type { ConfigKey } from './types.js';

const WORD = '\x02';
const LINE = '\x01';

export function encodeListeningConfigs(entries: Array<{ key: ConfigKey; md5: string }>): string {
  return entries
    .map(
      ({ key, md5 }) => [key.dataId, key.group, md5, ...(key.tenant ? [key.tenant] : [])].join(WORD) + LINE,
    )
    .join('');
}

/** Parses a listener answer into the changed keys (`tenant` defaults to `defaultTenant`). */
export function decodeChangedKeys(body: string, defaultTenant: string): ConfigKey[] {
  const text = decodeURIComponent(body.trim().replace(/\+/g, ' '));
  const out: ConfigKey[] = [];
  for (const line of text.split(LINE)) {
    if (!line) continue;
    const [dataId, group, tenant] = line.split(WORD);
    if (dataId === undefined || group === undefined) continue;
    out.push({ dataId, group, tenant: tenant ?? defaultTenant });
  }
  return out;
}

/** Java `URLEncoder.encode(s, "UTF-8")`: alphanumerics and `.-*_` kept, space → `+`, rest `%XX`. */
export function javaUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2A/g, '*');
}

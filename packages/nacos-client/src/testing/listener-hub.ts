/**
 * The v1 long-poll listener of the Nacos test server (alibaba/nacos LongPollingService and
 * MD5Util): answer at once with every changed key, else park until one listened key changes in the
 * node cache (answer with that single key) or the hold time passes (empty body).
 */
import { javaUrlEncode } from '../listener-codec.js';
import type { ConfigState, ListenedKey } from './config-state.js';
import { header, param, type Reply, type Req, send, v1Error } from './http-kit.js';

interface Probe {
  dataId: string;
  group: string;
  md5: string;
  tenant: string | undefined;
}

export function parseProbes(text: string): Probe[] | undefined {
  const out: Probe[] = [];
  if (!text.endsWith('\x01')) return undefined;
  for (const line of text.slice(0, -1).split('\x01')) {
    const f = line.split('\x02');
    if (f.length !== 3 && f.length !== 4) return undefined;
    out.push({ dataId: f[0]!, group: f[1]!, md5: f[2]!, tenant: f[3] });
  }
  return out;
}

function encodeKeys(keys: Probe[]): string {
  const text = keys
    .map((k) => [k.dataId, k.group, ...(k.tenant !== undefined ? [k.tenant] : [])].join('\x02') + '\x01')
    .join('');
  return javaUrlEncode(text);
}

export class ListenerHub {
  /** Parked long polls, for tests that wait until a client is listening. */
  parked = 0;

  constructor(
    private readonly state: ConfigState,
    /** The 10 s floor of MIN_LONG_POOLING_TIMEOUT; lowering it is a non-faithful test-only override. */
    private readonly minHoldMs: number,
  ) {}

  handle(req: Req, res: Reply) {
    const raw = param(req, 'Listening-Configs');
    let probes: Probe[] | undefined;
    try {
      probes = raw === undefined ? undefined : parseProbes(decodeURIComponent(raw.replace(/\+/g, ' ')));
    } catch {
      probes = undefined;
    }
    if (!probes || probes.length > 10_000) return v1Error(res, 400, 'invalid probeModify');
    const changed = probes.filter((p) => this.state.cacheMd5(p.tenant ?? '', p.group, p.dataId) !== p.md5);
    const timeoutHeader = header(req, 'Long-Pulling-Timeout');
    if (timeoutHeader === undefined) {
      // Short poll of old clients: the answer travels in the Probe-Modify-Response header.
      res.setHeader('Probe-Modify-Response', encodeKeys(changed));
      return send(res, 200, '');
    }
    if (changed.length > 0) return send(res, 200, `${encodeKeys(changed)}\n`);
    if (header(req, 'Long-Pulling-Timeout-No-Hangup') === 'true') return send(res, 200, '');
    const hold = Math.max(this.minHoldMs, Number(timeoutHeader) - 500);
    const wanted = new Map(probes.map((p) => [`${p.tenant ?? ''}\x02${p.group}\x02${p.dataId}`, p]));
    this.parked++;
    const finish = (body: string) => {
      clearTimeout(timer);
      unsubscribe();
      this.parked--;
      send(res, 200, body);
    };
    const unsubscribe = this.state.onCacheChange((key: ListenedKey, md5: string) => {
      const probe = wanted.get(`${key.tenant}\x02${key.group}\x02${key.dataId}`);
      if (probe && probe.md5 !== md5) finish(`${encodeKeys([probe])}\n`);
    });
    const timer = setTimeout(() => finish(''), hold);
    res.on('close', () => {
      if (!res.writableEnded) {
        clearTimeout(timer);
        unsubscribe();
        this.parked--;
      }
    });
  }
}

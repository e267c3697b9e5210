/**
 * core/v1 Event: no scheme defaults, but Go's JSON encoding writes the fields that have no
 * `omitempty` or are structs (k8s.io/api core/v1 types.go Event): `involvedObject` and `source`
 * as objects, `firstTimestamp`, `lastTimestamp` and `eventTime` as null when unset (a zero
 * metav1.Time/MicroTime), `reportingComponent` and `reportingInstance` as "".
 */
import type { ResourceStrategy } from '../types.js';
import { child } from './defaults.js';

export const eventStrategy: ResourceStrategy = {
  zeroValues(obj) {
    child(obj, 'involvedObject');
    child(obj, 'source');
    for (const time of ['firstTimestamp', 'lastTimestamp', 'eventTime'])
      if (obj[time] === undefined) obj[time] = null;
    for (const name of ['reportingComponent', 'reportingInstance'])
      if (obj[name] === undefined || obj[name] === null) obj[name] = '';
  },
};

/**
 * Response negotiation for this server's endpoints, on @hs/apimachinery's negotiateOutput
 * (k8s.io/apiserver/pkg/endpoints/handlers/negotiation). Transformed answers (Table,
 * PartialObjectMetadata) are sent with the plain media type, which every client accepts.
 */
import { checkTransformTarget, negotiateOutput } from '@hs/apimachinery';

export type Transform = 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

export interface Negotiated {
  format: 'json' | 'yaml';
  /** meta.k8s.io transformation requested with `as=`; undefined = the object itself. */
  as?: Transform | undefined;
  /** meta.k8s.io version of the transformed kind (v1 or v1beta1). */
  metaVersion: string;
}

/**
 * Picks the response form; throws 406 NotAcceptable when nothing fits. `target` says whether the
 * answer is one object or a list (a mismatched PartialObjectMetadata(List) ask is 406 upstream);
 * watch events are single objects.
 */
export function negotiate(
  accept: string | undefined,
  options: { allowTransform: boolean; target: 'object' | 'list'; stream?: boolean },
): Negotiated {
  const rep = negotiateOutput(accept, {
    endpoint: options.allowTransform ? 'resource' : 'plain',
    stream: options.stream ?? false,
  });
  if (rep.as === undefined) return { format: rep.format, metaVersion: 'v1' };
  checkTransformTarget(rep, options.target === 'list');
  return { format: rep.format, as: rep.as as Transform, metaVersion: rep.version ?? 'v1' };
}

/** True when an Accept header asks for YAML first (non-resource endpoints). */
export function wantsYaml(accept: string | undefined): boolean {
  try {
    return negotiateOutput(accept, { endpoint: 'plain' }).format === 'yaml';
  } catch {
    // Discovery falls back to JSON for Accept headers it cannot honour, as upstream does.
    return false;
  }
}

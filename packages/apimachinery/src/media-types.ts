/**
 * Content negotiation, pure parsing. Output follows k8s.io/apiserver/pkg/endpoints/handlers/
 * negotiation/negotiate.go (NegotiateMediaTypeOptions: clauses in preference order, the first one
 * whose type we serve and whose `as`/`g`/`v` transform the endpoint allows wins) and the scope's
 * AllowsMediaTypeTransform (handlers/rest.go). We serve JSON and YAML only, so protobuf clauses
 * never match and negotiation moves on to the next clause (client-go always lists JSON after
 * protobuf). Input follows NegotiateInputSerializer and the patch handler's accepted types.
 * Error texts are negotiation/errors.go's.
 */
import type { ResourceDefinition } from '@hs/resources';
import { notAcceptable, routeUnsupportedMediaType, unsupportedMediaType } from './status.js';

export interface MediaRange {
  type: string;
  subType: string;
  params: Record<string, string>;
  q: number;
}

/** Parses an Accept header into clauses, best first (q, then specificity; stable otherwise). */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  const out: Array<MediaRange & { i: number }> = [];
  header.split(',').forEach((part, i) => {
    const [range, ...paramParts] = part.split(';');
    const [type = '', subType = ''] = (range ?? '').trim().toLowerCase().split('/');
    if (!type) return;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (k === 'q') q = Number.isFinite(Number(v)) ? Number(v) : 0;
      else params[k] = v;
    }
    out.push({ type, subType: subType || '*', params, q, i });
  });
  const specificity = (m: MediaRange) => (m.type === '*' ? 0 : m.subType === '*' ? 1 : 2);
  out.sort((a, b) => b.q - a.q || specificity(b) - specificity(a) || a.i - b.i);
  return out.map(({ i: _i, ...m }) => m);
}

export type OutputFormat = 'json' | 'yaml';

export type TransformKind =
  | 'Table'
  | 'PartialObjectMetadata'
  | 'PartialObjectMetadataList'
  | 'APIGroupDiscoveryList';

/** The representation chosen for a response. */
export interface Representation {
  format: OutputFormat;
  /** Content-Type to answer with (for transforms, the caller adds `;as=…;g=…;v=…` when needed). */
  mediaType: 'application/json' | 'application/yaml';
  as?: TransformKind;
  group?: string;
  version?: string;
  pretty?: boolean;
}

/**
 * What an endpoint can transform to: `resource` = Table / PartialObjectMetadata(List) in
 * meta.k8s.io v1 or v1beta1; `discovery` = aggregated discovery (apidiscovery.k8s.io v2, v2beta1);
 * `plain` = nothing (version, openapi, …).
 */
export type EndpointKind = 'resource' | 'discovery' | 'plain';

export interface NegotiateOptions {
  endpoint?: EndpointKind;
  /** A watch: only a format with a stream framing (JSON) is acceptable. */
  stream?: boolean;
}

const served: Array<{ subType: 'json' | 'yaml'; mediaType: Representation['mediaType']; streams: boolean }> =
  [
    { subType: 'json', mediaType: 'application/json', streams: true },
    { subType: 'yaml', mediaType: 'application/yaml', streams: false },
  ];

export const SUPPORTED_MEDIA_TYPES = ['application/json', 'application/yaml'] as const;
export const SUPPORTED_STREAMING_MEDIA_TYPES = ['application/json;stream=watch'] as const;

function allowsTransform(
  endpoint: EndpointKind,
  subType: string,
  as: string | undefined,
  g: string | undefined,
  v: string | undefined,
): boolean {
  if (as === undefined && g === undefined && v === undefined) return true;
  if (endpoint === 'resource') {
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) return false;
    if (as === 'Table') return subType === 'json' || subType === 'yaml';
    return as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList';
  }
  if (endpoint === 'discovery') {
    return as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1');
  }
  return false;
}

/**
 * Chooses the response representation for an Accept header. Missing header or `*` → JSON.
 * Nothing acceptable → 406 NotAcceptable listing what we serve.
 */
export function negotiateOutput(accept: string | undefined, opts: NegotiateOptions = {}): Representation {
  const endpoint = opts.endpoint ?? 'resource';
  if (!accept || accept.trim() === '') return { format: 'json', mediaType: 'application/json' };
  for (const clause of parseAccept(accept)) {
    if (clause.q <= 0) continue;
    for (const s of served) {
      const typeOk =
        (clause.type === 'application' && (clause.subType === s.subType || clause.subType === '*')) ||
        (clause.type === '*' && clause.subType === '*');
      if (!typeOk) continue;
      if (opts.stream && !s.streams) continue;
      const { as, g, v, stream, pretty } = clause.params;
      if (stream !== undefined && stream !== '' && (stream !== 'watch' || !s.streams)) continue;
      if (!allowsTransform(endpoint, s.subType, as, g, v)) continue;
      const rep: Representation = { format: s.subType, mediaType: s.mediaType };
      if (as !== undefined) rep.as = as as TransformKind;
      if (g !== undefined) rep.group = g;
      if (v !== undefined) rep.version = v;
      if (pretty === '1') rep.pretty = true;
      return rep;
    }
  }
  throw notAcceptable(
    `only the following media types are accepted: ${(opts.stream ? SUPPORTED_STREAMING_MEDIA_TYPES : SUPPORTED_MEDIA_TYPES).join(', ')}`,
  );
}

/**
 * A transform that does not fit the answer (asking PartialObjectMetadata of a list, or
 * PartialObjectMetadataList of one object) → 406, as response.go asPartialObjectMetadata(List).
 */
export function checkTransformTarget(rep: Representation, isList: boolean): void {
  if (rep.as === 'PartialObjectMetadata' && isList) {
    throw notAcceptable('you requested PartialObjectMetadata, but the requested object is a list');
  }
  if (rep.as === 'PartialObjectMetadataList' && !isList) {
    throw notAcceptable('you requested PartialObjectMetadataList, but the requested object is not a list');
  }
}

/** The Content-Type header for a representation, with transform parameters when there are any. */
export function contentTypeFor(rep: Representation): string {
  if (!rep.as) return rep.mediaType;
  return `${rep.mediaType};as=${rep.as};g=${rep.group ?? ''};v=${rep.version ?? ''}`;
}

export interface ParsedMediaType {
  /** `type/subtype`, lower case. */
  mediaType: string;
  params: Record<string, string>;
}

/** Parses one media type (`application/json; charset=utf-8`); undefined when missing or empty. */
export function parseMediaType(header: string | undefined): ParsedMediaType | undefined {
  if (!header || header.trim() === '') return undefined;
  const [range = '', ...rest] = header.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
  }
  return { mediaType: range.trim().toLowerCase(), params };
}

export type BodyFormat = 'json' | 'yaml';

const unknownFormat = (accepted: readonly string[]) =>
  unsupportedMediaType(
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

/**
 * The format of a create/update body. Missing → JSON (upstream takes the first serializer).
 * Protobuf or anything else → 415 UnsupportedMediaType.
 */
export function parseBodyContentType(header: string | undefined): BodyFormat {
  const mt = parseMediaType(header);
  if (!mt || mt.mediaType === 'application/json') return 'json';
  if (mt.mediaType === 'application/yaml') return 'yaml';
  throw unknownFormat(SUPPORTED_MEDIA_TYPES);
}

export type PatchType =
  | 'application/json-patch+json'
  | 'application/merge-patch+json'
  | 'application/strategic-merge-patch+json'
  | 'application/apply-patch+yaml';

/** The patch types a kind accepts, in upstream's order; custom resources have no strategic merge. */
export function supportedPatchTypes(def: Pick<ResourceDefinition, 'custom'>): PatchType[] {
  return def.custom
    ? ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']
    : [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ];
}

/** The patch type of a PATCH request, or 415 listing the accepted types (patch.go). */
export function parsePatchContentType(
  header: string | undefined,
  def: Pick<ResourceDefinition, 'custom'>,
): PatchType {
  const accepted = supportedPatchTypes(def);
  const mt = parseMediaType(header);
  const found = accepted.find((t) => t === mt?.mediaType);
  // Built-in kinds are routed by go-restful, which refuses the type itself; custom resources'
  // handler lists the types it accepts (k8s.io/apiserver pkg/endpoints/handlers/patch.go).
  if (!found) throw def.custom ? unknownFormat(accepted) : routeUnsupportedMediaType();
  return found;
}

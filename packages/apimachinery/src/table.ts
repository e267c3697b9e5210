/**
 * Table answers for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (what kubectl get
 * prints). Columns come from the definition's printer columns (see `tableColumns`);
 * cells follow the CRD table convertor (k8s.io/apiextensions-apiserver/pkg/registry/customresource/
 * tableconvertor/tableconvertor.go: missing → null, typed cells, dates as human ages) and rows
 * carry `object` per `includeObject` as the handler does (k8s.io/apiserver/pkg/endpoints/handlers/
 * response.go asTable; default Metadata → PartialObjectMetadata).
 *
 * Deliberate difference: a path matching several values (`.spec.ports[*].port`) renders all of
 * them joined by `,` like the built-in printers, where the CRD convertor shows only the first.
 */
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  type KubeObject,
  nameColumn,
  type PrinterColumn,
  type ResourceDefinition,
} from '@hs/resources';
import { humanAge } from './human-duration.js';
import { cloneJson } from './json-clone.js';
import { evaluateJsonPath } from './jsonpath.js';
import { type ListMeta, toPartialObjectMetadata } from './partial-object-metadata.js';
import { badRequest } from './status.js';
import { fieldInvalidMessage } from './validation.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRow {
  cells: TableCell[];
  object: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableOptions {
  includeObject?: IncludeObject | undefined;
  resourceVersion?: string | undefined;
  continue?: string | undefined;
  remainingItemCount?: number | undefined;
  /** The clock ages are computed against. */
  now?: Date | undefined;
  /** meta.k8s.io version asked for; default v1. */
  version?: string | undefined;
  /** false → empty columnDefinitions (watch events after the first; `TableOptions.noHeaders`). */
  includeColumnDefinitions?: boolean | undefined;
}

/** The default column of a CRD that declares none (apiextensions defaulting: Age, a date). */
const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: CREATION_TIMESTAMP_DESCRIPTION,
};

const isNameColumn = (c: PrinterColumn) => c.name.toLowerCase() === 'name' && c.jsonPath === '.metadata.name';

/**
 * The table's columns in order: the definition's own, behind a leading Name column unless the
 * definition places Name itself (upstream's Event printer has it last, at priority 1); a
 * definition that declares no column at all (a CRD) gets Name and Age.
 */
export function tableColumns(def: ResourceDefinition): readonly PrinterColumn[] {
  const own = def.printerColumns;
  if (own.some(isNameColumn)) return own;
  return [nameColumn, ...(own.length > 0 ? own : [AGE_COLUMN])];
}

export function columnDefinitions(def: ResourceDefinition): TableColumnDefinition[] {
  return tableColumns(def).map((c) => ({
    name: c.name,
    type: c.declaredType ?? c.type,
    format: c.format ?? '',
    description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
    priority: c.priority ?? 0,
  }));
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** One typed cell from the values a column found (cellForJSONValue). */
export function cellFor(column: PrinterColumn, values: readonly unknown[], now: Date): TableCell {
  const present = values.filter((v) => v !== null && v !== undefined);
  const first = present[0];
  if (first === undefined) return null;
  switch (column.type) {
    case 'string':
      return present.map(text).join(',');
    case 'integer':
      return typeof first === 'number' ? Math.trunc(first) : null;
    case 'number':
      return typeof first === 'number' ? first : null;
    case 'boolean':
      return typeof first === 'boolean' ? first : null;
    case 'date':
      return typeof first === 'string' ? humanAge(first, now) : null;
    default:
      return null;
  }
}

function cellsFor(columns: readonly PrinterColumn[], obj: KubeObject, now: Date): TableCell[] {
  const cells: TableCell[] = [];
  for (const c of columns) {
    if (isNameColumn(c)) {
      cells.push(obj.metadata?.name ?? '');
    } else if (c.compute) {
      let v: ReturnType<NonNullable<PrinterColumn['compute']>>;
      try {
        v = c.compute(obj);
      } catch {
        // a cell computed from an unexpected shape renders empty rather than failing the list
        v = undefined;
      }
      // a computed date column may hand back the timestamp; typed like a path result otherwise
      cells.push(v === undefined ? null : c.type === 'date' ? cellFor(c, [v], now) : v);
    } else {
      let values: unknown[];
      try {
        values = evaluateJsonPath(obj, c.jsonPath);
      } catch {
        values = [];
      }
      cells.push(cellFor(c, values, now));
    }
  }
  return cells;
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === 'None') return null;
  if (include === 'Object') return cloneJson(obj);
  return toPartialObjectMetadata(obj, version);
}

/** Converts objects (a list, or one object as a one-row table) to a meta.k8s.io Table. */
export function toTable(
  def: ResourceDefinition,
  objects: readonly KubeObject[],
  opts: TableOptions = {},
): Table {
  const now = opts.now ?? new Date();
  const version = opts.version ?? 'v1';
  const include = opts.includeObject ?? 'Metadata';
  const columns = tableColumns(def);
  const metadata: ListMeta = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata,
    columnDefinitions: opts.includeColumnDefinitions === false ? [] : columnDefinitions(def),
    rows: objects.map((o) => ({ cells: cellsFor(columns, o, now), object: rowObject(o, include, version) })),
  };
}

/**
 * Parses `?includeObject=` (empty → undefined = Metadata); anything else → 400, as upstream's
 * ValidateTableOptions (k8s.io/apimachinery/pkg/apis/meta/internalversion/validation).
 */
export function parseIncludeObject(value: string | undefined): IncludeObject | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw badRequest(
    fieldInvalidMessage('includeObject', value, "must be 'Metadata', 'Object', 'None', or empty"),
  );
}

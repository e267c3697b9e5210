/**
 * Table answers for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (what kubectl get
 * prints). Columns come from the definition's printer columns (see `tableColumns`); rows carry
 * `object` per `includeObject` as the handler does (k8s.io/apiserver/pkg/endpoints/handlers/
 * response.go asTable; default Metadata → PartialObjectMetadata).
 *
 * Cells follow the convertor kube-apiserver uses for the kind:
 * - custom resources: the CRD table convertor (k8s.io/apiextensions-apiserver/pkg/registry/
 *   customresource/tableconvertor/tableconvertor.go): the first value the JSONPath finds, typed by
 *   the column's type (cellForJSONValue), missing → null, strings as the JSONPath printer writes
 *   them (maps and lists as JSON), dates as human ages; columns declared with their CRD type.
 * - built-in kinds: the printers (k8s.io/kubernetes pkg/printers/internalversion/printers.go),
 *   which read Go structs: a missing field is its zero value (`""`, 0, false, `<unknown>` for a
 *   timestamp), and a column may be declared with another type than its cells (`declaredType`).
 */
import {
  type CellContext,
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
    type: def.custom ? c.type : (c.declaredType ?? c.type),
    format: c.format ?? '',
    description: c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
    priority: c.priority ?? 0,
  }));
}

/** A JSON value as the JSONPath printer writes it: strings raw, maps and lists as JSON. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** One typed cell from the values a column's JSONPath found (tableconvertor cellForJSONValue). */
export function cellFor(column: PrinterColumn, values: readonly unknown[], now: Date): TableCell {
  const first = values[0];
  if (first === null || first === undefined) return null;
  switch (column.type) {
    case 'string':
      return text(first);
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

/** The Go zero value a built-in printer shows for a field that is not set. */
function zeroCell(column: PrinterColumn): TableCell {
  switch (column.type) {
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'date':
      return '<unknown>';
    default:
      return '';
  }
}

function pathValues(obj: KubeObject, jsonPath: string): unknown[] {
  try {
    return evaluateJsonPath(obj, jsonPath);
  } catch {
    return [];
  }
}

function cellsFor(def: ResourceDefinition, obj: KubeObject, now: Date): TableCell[] {
  const ctx: CellContext = {
    age: (timestamp) => (timestamp ? humanAge(timestamp, now) : '<unknown>'),
  };
  const cells: TableCell[] = [];
  for (const c of tableColumns(def)) {
    let cell: TableCell;
    if (isNameColumn(c)) {
      cell = obj.metadata?.name ?? '';
    } else if (c.compute) {
      let v: ReturnType<NonNullable<PrinterColumn['compute']>>;
      try {
        v = c.compute(obj, ctx);
      } catch {
        // a cell computed from an unexpected shape renders empty rather than failing the list
        v = undefined;
      }
      // a computed date column may hand back the timestamp; typed like a path result otherwise
      cell = v === undefined ? null : c.type === 'date' ? cellFor(c, [v], now) : v;
    } else {
      cell = cellFor(c, pathValues(obj, c.jsonPath), now);
    }
    cells.push(cell === null && !def.custom ? zeroCell(c) : cell);
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
  const metadata: ListMeta = {};
  if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continue) metadata.continue = opts.continue;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata,
    columnDefinitions: opts.includeColumnDefinitions === false ? [] : columnDefinitions(def),
    rows: objects.map((o) => ({ cells: cellsFor(def, o, now), object: rowObject(o, include, version) })),
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

/**
 * The conformance case format (`label-assign-cases/1`) and the contract each family runner
 * fulfils. This folder is the mmdetection interop layer: the only code that knows
 * mmdetection's snake_case config names, its `type` strings and its 1-based `gt_inds`.
 */
import { invalidArgument, LabelAssignError } from '../errors.js';

/** The `schema` of the case files this version reads; a file of any other is refused. */
export const CASE_SCHEMA = 'label-assign-cases/1';

/** One case of a family file, as stored. `expected` is never read by a runner. */
export interface ConformanceCase {
  readonly id: string;
  readonly config: Record<string, unknown>;
  readonly inputs: Record<string, unknown>;
  readonly expected?: Record<string, unknown>;
  readonly note?: string;
  readonly sensitive?: unknown;
  readonly seed?: number;
}

export interface CaseFile {
  readonly schema: string;
  readonly family: string;
  readonly reference?: string;
  readonly tolerance?: { abs: number; rel: number };
  readonly fields?: Record<string, string>;
  readonly cases: readonly ConformanceCase[];
}

/**
 * A case turned into toolkit calls. `prepare` does all parsing and conversion; `compute` runs
 * only the toolkit's computation (what `eval-cases --repeat` times); `format` turns its result
 * into the case's `expected` layout (nested arrays, 1-based indices, "NaN"/"Infinity" strings).
 */
export interface PreparedCase<R = unknown> {
  compute(): R;
  format(result: R): Record<string, unknown>;
}

export interface FamilyRunner {
  /** Family name as in the case files, e.g. `overlaps`. */
  readonly family: string;
  /** The config `type`s this family accepts. */
  readonly types: readonly string[];
  /** Output keys holding integers (indices, flags, counts): compared exactly, never within tolerance. */
  readonly integerKeys?: readonly string[];
  prepare(testCase: ConformanceCase): PreparedCase;
}

/** Reads `value` as a JSON number, accepting the "NaN" / "Infinity" / "-Infinity" strings. */
export function jsonNumber(where: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  throw invalidArgument('eval-cases', where, 'a number (or "NaN", "Infinity", "-Infinity")', value);
}

/** Writes a number for JSON output: non-finite values become the case format's strings. */
export function toJsonNumber(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * Reads an `n x width` matrix (array of rows, possibly empty) into a flat Float32Array.
 * An empty list is an empty matrix.
 */
export function readMatrix(where: string, value: unknown, width: number): Float32Array {
  if (!Array.isArray(value)) throw invalidArgument('eval-cases', where, `an array of ${width}-element rows`, value);
  const out = new Float32Array(value.length * width);
  value.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw invalidArgument('eval-cases', `${where}[${i}]`, `a row of ${width} numbers`, row);
    }
    for (let j = 0; j < width; j++) out[i * width + j] = jsonNumber(`${where}[${i}][${j}]`, row[j]);
  });
  return out;
}

/** Flat `[n * width]` array to `n` rows of `width` JSON numbers. */
export function toRows(values: ArrayLike<number>, width: number): (number | string)[][] {
  const rows: (number | string)[][] = [];
  for (let i = 0; i < values.length; i += width) {
    const row: (number | string)[] = [];
    for (let j = 0; j < width; j++) row.push(toJsonNumber(values[i + j]));
    rows.push(row);
  }
  return rows;
}

/** Flat array to a JSON list. */
export function toList(values: ArrayLike<number>): (number | string)[] {
  return Array.from(values, toJsonNumber);
}

/** Error for a config `type` a family does not know. */
export function unsupportedType(family: string, type: unknown, supported: readonly string[]): LabelAssignError {
  return new LabelAssignError(
    'unsupported',
    'config.type',
    `eval-cases: family '${family}' does not support config type ${JSON.stringify(type)}; supported: ${supported.join(', ')}`,
  );
}

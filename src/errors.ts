/**
 * The one error type of label-assign. Every public function checks its input once, at the
 * boundary, and throws a `LabelAssignError` whose message names the function, the argument
 * and the fix: `iouMatrix: boxes1[3].x2 must be >= x1 (12), but was 4`.
 */

/** What kind of problem the caller has. */
export type LabelAssignErrorCode =
  | 'invalid-argument' // a value of the wrong type, length, range or shape
  | 'invalid-config' // an unknown key, a missing key or a bad value in an options/config object
  | 'unsupported' // a family, type or feature the toolkit does not implement
  | 'io'; // a file that cannot be read, parsed or written

export class LabelAssignError extends Error {
  override readonly name = 'LabelAssignError';
  /** Machine-readable kind of error. */
  readonly code: LabelAssignErrorCode;
  /** Dotted path to the offending argument, e.g. `options.strides[2]`. */
  readonly path: string;

  constructor(code: LabelAssignErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}

/** Short, readable rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const n = (value as unknown as { length?: number }).length;
    return `a ${value.constructor.name}${n === undefined ? '' : ` of length ${n}`}`;
  }
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/**
 * Whose words an error is in: a public function's name (a bad value is then `invalid-argument`),
 * or a naming that also says what a bad value is, e.g. `{ fn: 'presetFromConfig', code:
 * 'invalid-config' }` for a config file (every `OptionNames` is one).
 */
export type ErrorSource = string | { readonly fn: string; readonly code: LabelAssignErrorCode };

/**
 * The function name an error starts with.
 * @example sourceFn({ fn: 'eval-cases', code: 'invalid-config' }); // 'eval-cases'
 */
export function sourceFn(source: ErrorSource): string {
  return typeof source === 'string' ? source : source.fn;
}

/**
 * `fn: path must be expected, but was actual`; code `invalid-argument`, or the source's own.
 * @example invalidArgument('assignAtss', 'topK', 'a positive integer', 0).message; // 'assignAtss: topK must be a positive integer, but was 0'
 */
export function invalidArgument(source: ErrorSource, path: string, expected: string, actual?: unknown): LabelAssignError {
  const tail = arguments.length >= 4 ? `, but was ${describeValue(actual)}` : '';
  const code = typeof source === 'string' ? 'invalid-argument' : source.code;
  return new LabelAssignError(code, path, `${sourceFn(source)}: ${path} must be ${expected}${tail}`);
}

/** An error about an options or config object (unknown key, bad value). */
export function invalidConfig(fn: string, path: string, message: string): LabelAssignError {
  return new LabelAssignError('invalid-config', path, `${fn}: ${path} ${message}`);
}

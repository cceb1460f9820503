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

  /**
   * @param message the whole message; control characters in it (from user data the caller
   *   quoted) are escaped, so a message is always one printable line.
   */
  constructor(code: LabelAssignErrorCode, path: string, message: string) {
    super(escapeControlCharacters(String(message)));
    this.code = code;
    this.path = path;
  }
}

/**
 * Characters that must never reach a message or an output line raw: C0 controls (newline, tab,
 * escape, ...), DEL, C1 controls, the Unicode line and paragraph separators, and the
 * bidirectional marks, overrides and isolates (they reorder the text a terminal shows: the
 * "Trojan Source" characters).
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The escape of one control character: `\n`, `\t`, `\r`, or `\u001b`-style. */
function escapeOne(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character escaped (`\n`, `\u001b`, ...): user data quoted in a
 * message keeps the message on one line and cannot move a terminal's cursor or colours. Other
 * characters, the backslash included, are kept (a Windows path stays as it is), so applying it
 * twice changes nothing more. The one escape of the toolkit: messages, and every output line of
 * the command line (`printable`).
 * @example escapeControlCharacters('a\nb'); // 'a\\nb' (a backslash and an n)
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, escapeOne);
}

/**
 * A user string quoted for a message: `'…'`, at most 40 characters of it (then `…`), control
 * characters escaped.
 * @example quoteString('a,b\nc'); // "'a,b\\nc'"
 */
export function quoteString(text: string): string {
  const shown = text.length > 40 ? text.slice(0, 40) + '…' : text;
  return `'${escapeControlCharacters(shown)}'`;
}

/** The class name of a non-plain object, or null; never throws (a Proxy may). */
function className(value: object): string | null {
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null || Object.getPrototypeOf(proto) === null) return null;
    const ctor: unknown = (proto as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? ctor.name : '';
    return name === '' ? 'object of a class' : name;
  } catch {
    return 'object';
  }
}

/**
 * Short, readable, one-line rendering of a bad value for an error message. Strings are quoted
 * with their control characters escaped ({@link quoteString}); objects are named by their class
 * (`a Date`, `a Map`), plain ones are `an object`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (typeof value === 'symbol') return `a Symbol${value.description === undefined ? '' : ` ${quoteString(value.description)}`}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const n = (value as unknown as { length?: number }).length;
    return `a ${escapeControlCharacters(value.constructor.name)}${n === undefined ? '' : ` of length ${n}`}`;
  }
  const name = className(value as object);
  if (name === null) return 'an object';
  const shown = escapeControlCharacters(name.length > 40 ? name.slice(0, 40) + '…' : name);
  return `${/^[AEIOU]/.test(shown) ? 'an' : 'a'} ${shown}`;
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

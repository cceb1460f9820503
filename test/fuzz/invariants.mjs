// What every fuzzed call must satisfy, and how a failure is written down: deep clones and
// diffs (no mutation, determinism), the walk that finds non-finite numbers in a result, the
// check that an error is the toolkit's own, and a JavaScript rendering of a call's arguments
// short enough to paste into a bug report. Loaded by the fuzz worker (plain ESM: a worker thread
// cannot load TypeScript).

const TYPED_ARRAY = Object.getPrototypeOf(Int8Array);

export function isTypedArray(v) {
  return v instanceof TYPED_ARRAY;
}

/** True for `{}`-like objects (Object.prototype or null prototype). */
export function isPlainObject(v) {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy that keeps what a diff must see: typed array kinds, holes of sparse arrays,
 * prototypes of class instances (a pure-rand generator stays one), functions and symbols by
 * identity. Frozen objects come back unfrozen (a hostile mutation must be able to edit them).
 */
export function clone(v, seen = new Map()) {
  if (typeof v !== 'object' || v === null) return v;
  if (seen.has(v)) return seen.get(v);
  let out;
  if (v instanceof ArrayBuffer) out = v.slice(0);
  else if (v instanceof DataView) out = new DataView(v.buffer.slice(0), v.byteOffset, v.byteLength);
  else if (isTypedArray(v)) out = new v.constructor(v);
  else if (v instanceof Date) out = new Date(v.getTime());
  else if (v instanceof Map) {
    out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(clone(k, seen), clone(x, seen));
    return out;
  } else if (Array.isArray(v)) {
    out = new Array(v.length);
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = clone(v[k], seen);
    return out;
  } else {
    out = Object.create(Object.getPrototypeOf(v));
    seen.set(v, out);
    for (const k of Object.keys(v)) out[k] = clone(v[k], seen);
    return out;
  }
  seen.set(v, out);
  return out;
}

function bytesOf(v) {
  return new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer, v instanceof ArrayBuffer ? 0 : v.byteOffset, v.byteLength);
}

/**
 * The first difference between `a` (a {@link clone} taken earlier) and `b`, as
 * `{ path, before, after }`, or null when they are equal. Numbers compare with `Object.is`
 * (NaN equals NaN, -0 differs from 0), so a typed array that gained a -0 is a change.
 * Functions compare by identity, or with `anyFunction` (two results of the same call, e.g. two
 * generators with their own `gridPriors` closures) any function equals any other.
 */
export function diff(a, b, path = '', seen = new Set(), anyFunction = false) {
  if (Object.is(a, b)) return null;
  if (anyFunction && typeof a === 'function' && typeof b === 'function') return null;
  const differ = (before = a, after = b) => ({ path: path || '(the value)', before, after });
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return differ();
  if (seen.has(a)) return null;
  seen.add(a);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return differ();
  if (a instanceof ArrayBuffer || a instanceof DataView) {
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.length !== y.length) return differ();
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return { path: `${path}[byte ${i}]`, before: x[i], after: y[i] };
    return null;
  }
  if (isTypedArray(a)) {
    if (a.length !== b.length) return { path: `${path}.length`, before: a.length, after: b.length };
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return { path: `${path}[${i}]`, before: a[i], after: b[i] };
    return null;
  }
  if (a instanceof Date) return Object.is(a.getTime(), b.getTime()) ? null : differ();
  if (a instanceof Map) {
    if (a.size !== b.size) return { path: `${path}.size`, before: a.size, after: b.size };
    const ea = [...a];
    const eb = [...b];
    for (let i = 0; i < ea.length; i++) {
      const d = diff(ea[i][0], eb[i][0], `${path}<key ${i}>`, seen, anyFunction) ?? diff(ea[i][1], eb[i][1], `${path}<value ${i}>`, seen, anyFunction);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(a) && a.length !== b.length) return { path: `${path}.length`, before: a.length, after: b.length };
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k)) return { path: joinPath(path, k, a), before: a[k], after: '(deleted)' };
  for (const k of kb) if (!Object.prototype.hasOwnProperty.call(a, k)) return { path: joinPath(path, k, a), before: '(absent)', after: b[k] };
  for (const k of ka) {
    const d = diff(a[k], b[k], joinPath(path, k, a), seen, anyFunction);
    if (d) return d;
  }
  return null;
}

function joinPath(path, key, container) {
  return Array.isArray(container) && /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`;
}

/**
 * Every non-finite number reachable from `value` (own enumerable fields, arrays, typed
 * arrays; functions skipped), as `{ path, value }`, at most `limit` of them.
 */
export function nonFiniteNumbers(value, root = 'result', limit = 4) {
  const found = [];
  const seen = new Set();
  const walk = (v, path, depth) => {
    if (found.length >= limit) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) found.push({ path, value: v });
      return;
    }
    if (typeof v !== 'object' || v === null || seen.has(v) || depth > 12) return;
    seen.add(v);
    if (v instanceof BigInt64Array || v instanceof BigUint64Array || v instanceof ArrayBuffer || v instanceof DataView) return;
    if (isTypedArray(v)) {
      for (let i = 0; i < v.length && found.length < limit; i++) if (!Number.isFinite(v[i])) found.push({ path: `${path}[${i}]`, value: v[i] });
      return;
    }
    for (const k of Object.keys(v)) walk(v[k], joinPath(path, k, v), depth + 1);
  };
  walk(value, root, 0);
  return found;
}

const CODES = new Set(['invalid-argument', 'invalid-config', 'unsupported', 'io']);

/**
 * Null when `error` is what the toolkit promises (a `LabelAssignError` whose message is one line
 * starting with `<owner>: ` for one of `owners`, with a known code and a string path), else
 * `{ kind, detail }` saying what is wrong.
 */
export function judgeError(error, owners, LabelAssignError) {
  if (error?.name === 'FuzzHugeAllocation') return { kind: 'allocates a huge typed array', detail: `${error.message}${thrownAt(error)}` };
  if (!(error instanceof LabelAssignError)) {
    const kind = error instanceof Error ? error.constructor.name : `thrown ${typeof error}`;
    const message = error instanceof Error ? error.message : safeString(error);
    return { kind, detail: `${message}${thrownAt(error)}` };
  }
  const message = error.message;
  if (!owners.some((owner) => message.startsWith(`${owner}: `))) {
    return { kind: 'LabelAssignError naming another function', detail: `${message} (expected it to start with ${owners.map((o) => `'${o}: '`).join(' or ')})` };
  }
  if (/[\u0000-\u001f\u007f]/.test(message)) return { kind: 'LabelAssignError message with a line break or control character', detail: JSON.stringify(message) };
  if (!CODES.has(error.code)) return { kind: 'LabelAssignError with an unknown code', detail: `code ${safeString(error.code)}: ${message}` };
  if (typeof error.path !== 'string') return { kind: 'LabelAssignError without a string path', detail: message };
  return null;
}

function safeString(v) {
  try {
    return typeof v === 'symbol' ? v.toString() : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** ` (at dist/geometry/overlaps.js:123)`: the first frame inside the built package. */
function thrownAt(error) {
  const stack = typeof error?.stack === 'string' ? error.stack : '';
  const frame = stack.split('\n').find((line) => /\/dist\/.*\.js:\d+/.test(line));
  const m = frame?.match(/(dist\/[^\s):]+\.js):(\d+)/);
  return m ? ` (at ${m[1]}:${m[2]})` : '';
}

/** The message of an accepted error, for determinism checks: what a second call must repeat. */
export function outcomeOf(threw, value) {
  if (!threw) return null;
  return value instanceof Error ? `${value.constructor.name}: ${value.message}` : safeString(value);
}

// ---------------------------------------------------------------------------------------------
// Rendering: a call as JavaScript a reader can paste (long arrays elided, holes kept).

const MAX_ITEMS = 12;

export function render(v, depth = 0) {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'symbol') return 'Symbol()';
  if (typeof v === 'function') return v.name ? `function ${v.name}() {…}` : '() => {…}';
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (depth > 5) return '…';
  if (v instanceof ArrayBuffer) return `new ArrayBuffer(${v.byteLength})`;
  if (v instanceof DataView) return `new DataView(new ArrayBuffer(${v.byteLength}))`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Map) return `new Map(/* ${v.size} entries */)`;
  if (isTypedArray(v)) {
    const items = Array.from(v.subarray(0, MAX_ITEMS), (x) => render(x));
    const more = v.length > MAX_ITEMS ? `, /* … ${v.length - MAX_ITEMS} more */` : '';
    return `${v.constructor.name}.of(${items.join(', ')}${more})`;
  }
  if (Array.isArray(v)) {
    if (v.length > 1000 && Object.keys(v).length === 0) return `new Array(${v.length})`;
    const n = Math.min(v.length, MAX_ITEMS);
    const items = [];
    for (let i = 0; i < n; i++) items.push(i in v ? render(v[i], depth + 1) : '');
    const hole = n > 0 && !(n - 1 in v) ? ',' : '';
    const more = v.length > MAX_ITEMS ? `, /* … ${v.length - MAX_ITEMS} more */` : '';
    return `[${items.join(', ')}${hole}${more}]`;
  }
  const proto = Object.getPrototypeOf(v);
  const tag = proto === Object.prototype || proto === null ? '' : `/* ${proto?.constructor?.name ?? 'object'} */ `;
  const keys = Object.keys(v);
  const shown = keys.slice(0, MAX_ITEMS).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(v[k], depth + 1)}`);
  const more = keys.length > MAX_ITEMS ? `, /* … ${keys.length - MAX_ITEMS} more */` : '';
  return `${tag}{${shown.length ? ` ${shown.join(', ')}${more} ` : ''}}`;
}

/** `fn(arg, arg)`: the call as the report shows it. */
export function renderCall(label, args) {
  return `${label}(${args.map((a) => render(a)).join(', ')})`;
}

// Hostile inputs: every node of a seed call's arguments (an argument, an option value, an array
// element, a nested field) and what can be done to it (replace it with NaN, a Symbol, a sparse
// array, another typed-array kind, a strided or malformed ndarray; delete it; add an unknown
// key beside it). A hostile call is the seed call with exactly one of these applied.
import { clone, isPlainObject, isTypedArray } from './invariants.mjs';

/** Values that replace any node. Makers, so each call gets fresh objects. */
export const HOSTILE_VALUES = Object.freeze([
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['-0', () => -0],
  ['1e300', () => 1e300],
  ['-1e300', () => -1e300],
  ['1e-300', () => 1e-300],
  ['5e-324 (subnormal)', () => 5e-324],
  ['1e-45 (float32 subnormal)', () => 1e-45],
  ['3e38', () => 3e38],
  ['2**31', () => 2 ** 31],
  ['2**53', () => 2 ** 53],
  ['1e15', () => 1e15],
  ["''", () => ''],
  ["'x'", () => 'x'],
  ["'5'", () => '5'],
  ['true', () => true],
  ['null', () => null],
  ['undefined', () => undefined],
  ['Symbol()', () => Symbol('fuzz')],
  ['10n', () => 10n],
  ['{}', () => ({})],
  ['[]', () => []],
  ['new Date(0)', () => new Date(0)],
  ['new Map()', () => new Map()],
  ['new ArrayBuffer(8)', () => new ArrayBuffer(8)],
  ['a function', () => function hostile() { return 0; }],
  ['{ length: 1e15 } (huge array-like)', () => ({ length: 1e15 })],
  ['new Array(4) (all holes)', () => new Array(4)],
]);

/** The numbers of an array node, flattened (rows of numbers included). */
function numbersOf(v) {
  const out = [];
  const walk = (x) => {
    if (typeof x === 'number') out.push(x);
    else if (Array.isArray(x) || isTypedArray(x)) for (let i = 0; i < x.length; i++) walk(x[i]);
  };
  walk(v);
  return out;
}

/** Row width of an array node: 4 for `[[x1, y1, x2, y2], ...]`, the row length for rows, else 4 when the length allows it. */
function widthOf(v) {
  if (Array.isArray(v) && v.length > 0 && Array.isArray(v[0])) return v[0].length || 1;
  return v.length % 4 === 0 ? 4 : 1;
}

function stridedOf(v) {
  const flat = numbersOf(v);
  const width = widthOf(v);
  const n = Math.floor(flat.length / width);
  if (width > 1 && n > 0) {
    // Column-major with one padding value in front: the same matrix through strides [1, n].
    const data = new Float64Array(1 + flat.length);
    data[0] = -7;
    for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) data[1 + k * n + i] = flat[i * width + k];
    return { data, shape: [n, width], stride: [1, n], offset: 1 };
  }
  // 1-d, flipped: the last element first in storage.
  return { data: Float64Array.from(flat).reverse(), shape: [flat.length], stride: [-1], offset: Math.max(0, flat.length - 1) };
}

/** Operations on array and typed-array nodes: lengths, holes, other storage, ndarrays valid and malformed. */
const ARRAY_OPS = Object.freeze([
  ['one element short', (v) => (isTypedArray(v) ? v.slice(0, -1) : v.slice(0, -1))],
  ['one element long', (v) => (isTypedArray(v) ? new v.constructor([...v, v.length ? v[v.length - 1] : 1]) : [...v, v.length ? clone(v[v.length - 1]) : 1])],
  ['sparse (a hole)', (v) => {
    const a = Array.from(v);
    if (a.length === 0) return new Array(1);
    delete a[a.length >> 1];
    return a;
  }],
  ['as Float64Array', (v) => Float64Array.from(numbersOf(v))],
  ['as Int8Array', (v) => Int8Array.from(numbersOf(v))],
  ['as Uint8Array', (v) => Uint8Array.from(numbersOf(v))],
  ['as BigInt64Array', (v) => BigInt64Array.from(numbersOf(v), (x) => (Number.isFinite(x) ? BigInt(Math.trunc(x)) : 0n))],
  ['as DataView', (v) => new DataView(Float32Array.from(numbersOf(v)).buffer)],
  ['as a strided ndarray', (v) => stridedOf(v)],
  ['as an ndarray with one stride too few', (v) => ({ ...stridedOf(v), stride: [1] })],
  ['as an ndarray whose offset is past its data', (v) => {
    const s = stridedOf(v);
    return { ...s, offset: s.data.length };
  }],
  ['as an ndarray with a negative dimension', (v) => ({ ...stridedOf(v), shape: [-1, 4] })],
  ['as an ndarray of shape [1e15, 4]', (v) => ({ ...stridedOf(v), shape: [1e15, 4], stride: [4, 1], offset: 0 })],
  ['as an ndarray with a fractional stride', (v) => {
    const s = stridedOf(v);
    return { ...s, stride: s.stride.map((x) => x + 0.5) };
  }],
  ['as an ndarray of strings', (v) => {
    const s = stridedOf(v);
    return { ...s, data: Array.from(s.data, String) };
  }],
  ['as an ndarray without offset', (v) => {
    const { data, shape, stride } = stridedOf(v);
    return { data, shape, stride };
  }],
]);

const MAX_NODES = 400;
const MAX_DEPTH = 6;

/** Indices of an array node worth visiting: all of a short one, first, second, middle and last of a long one. */
function indicesOf(v) {
  const n = v.length;
  if (n <= 6) return Array.from({ length: n }, (_, i) => i);
  return [...new Set([0, 1, n >> 1, n - 1])];
}

/**
 * Every hostile operation on `args` as `{ path, label }` (`path` a list of keys from the
 * argument index down; `label` the operation's name). Visits arguments, plain-object fields,
 * array and typed-array elements (a few of long ones); class instances and functions only as a
 * whole.
 */
export function hostileOps(args) {
  const ops = [];
  let nodes = 0;
  const visit = (v, path, parentKind, depth) => {
    if (nodes++ >= MAX_NODES) return;
    // An element of a float typed array: numbers are stored (and rounded) in place; anything
    // else (and anything in an integer typed array) turns the array into a plain one holding it.
    for (const [label] of HOSTILE_VALUES) ops.push({ path, label });
    if (parentKind === 'object') ops.push({ path, label: 'missing (key deleted)' });
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(v) || (isTypedArray(v) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array))) {
      for (const [label] of ARRAY_OPS) ops.push({ path, label });
      for (const i of indicesOf(v)) if (i in v) visit(v[i], [...path, i], 'array', depth + 1);
    } else if (isPlainObject(v)) {
      ops.push({ path, label: 'an unknown extra key' });
      for (const k of Object.keys(v)) visit(v[k], [...path, k], 'object', depth + 1);
    }
  };
  args.forEach((a, i) => visit(a, [i], 'args', 0));
  return ops;
}

/**
 * Applies `op` to a clone of `args` and returns the clone. Deleting a positional argument
 * passes undefined; an unknown key is `fuzzUnknownOption: 1`.
 */
export function applyOp(args, op) {
  const out = clone(args);
  const { path, label } = op;
  // Walk to the parent, remembering each container so a typed array can be swapped for a plain one.
  const chain = [out];
  for (let i = 0; i < path.length - 1; i++) chain.push(chain[i][path[i]]);
  let parent = chain[chain.length - 1];
  const key = path[path.length - 1];
  const current = parent[key];
  if (label === 'missing (key deleted)') {
    delete parent[key];
    return out;
  }
  if (label === 'an unknown extra key') {
    current.fuzzUnknownOption = 1;
    return out;
  }
  const arrayOp = ARRAY_OPS.find(([name]) => name === label);
  const value = arrayOp ? arrayOp[1](current) : HOSTILE_VALUES.find(([name]) => name === label)[1]();
  if (isTypedArray(parent) && !(typeof value === 'number' && (parent instanceof Float32Array || parent instanceof Float64Array))) {
    const plain = Array.from(parent);
    chain[chain.length - 2][path[path.length - 2]] = plain;
    parent = plain;
  }
  parent[key] = value;
  return out;
}

/** `options.strides[2]` from a path and the parameter names. */
export function pathLabel(path, params) {
  let s = params[path[0]] ?? `arguments[${path[0]}]`;
  for (const k of path.slice(1)) s += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  return s;
}

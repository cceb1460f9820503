// The numeric leaves of a seed call, written through a "jitter" `j` so that one seed function
// serves both fuzzing modes: `j.num(0.5, 0, 1)` is 0.5 in the seed call itself (and in every
// hostile variant of it), and a fast-check draw in [0, 1] when the valid inputs are fuzzed.
// Boxes stay boxes (x2 >= x1), counts stay those of the seed (labels keep matching boxes), and
// the container may change to any form the function accepts (Float32Array, number array, rows,
// a column-major ndarray with an offset).
import fc from 'fast-check';

/** The forms boxes (and other `[n, width]` inputs) can take everywhere `BoxesInput` is accepted. */
export const ANY_FORM = Object.freeze(['f32', 'flat', 'rows', 'f64', 'ndarray']);

/**
 * `flat` (row-major numbers, `width` per row) in the given form. `ndarray` is column-major
 * with one padding value in front (stride `[1, n]`, offset 1): a strided view the toolkit must
 * read through its strides.
 */
export function toForm(flat, width, form) {
  const n = Math.floor(flat.length / width);
  switch (form) {
    case 'f32':
      return Float32Array.from(flat);
    case 'f64':
      return Float64Array.from(flat);
    case 'i32':
      return Int32Array.from(flat);
    case 'flat':
      return Array.from(flat);
    case 'rows':
      return Array.from({ length: n }, (_, i) => Array.from(flat.slice(i * width, (i + 1) * width)));
    case 'ndarray': {
      const data = new Float64Array(1 + flat.length);
      data[0] = -7;
      for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) data[1 + k * n + i] = flat[i * width + k];
      return { data, shape: [n, width], stride: [1, n], offset: 1 };
    }
    default:
      throw new Error(`fuzz harness: unknown form ${form}`);
  }
}

function formOf(value) {
  if (value instanceof Float32Array) return 'f32';
  if (value instanceof Float64Array) return 'f64';
  if (value instanceof Int32Array) return 'i32';
  return 'flat';
}

const STEPS = 2 ** 20;
const evenly = (lo, hi) => fc.integer({ min: 0, max: STEPS }).map((k) => Math.min(hi, Math.max(lo, lo + ((hi - lo) * k) / STEPS)));
/** A number in [lo, hi]. A builder of plain arguments, so that `fc.gen` caches its arbitrary. */
const numberIn = (lo, hi) => fc.oneof(fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }), evenly(lo, hi));

/**
 * The jitter of one call. `g` is fast-check's `fc.gen()` generator in valid mode, null for the
 * seed call (every helper then returns its seed value, in the seed's form).
 */
export function makeJitter(g) {
  // Half of the draws are fast-check's doubles, which favour the bounds, 0 and subnormals (where
  // float32 arithmetic breaks); half are spread evenly over the range (ordinary values).
  const num = (v, lo, hi) => (g ? g(numberIn, lo, hi) : v);
  const int = (v, lo, hi) => (g ? g(fc.integer, { min: lo, max: hi }) : v);
  const pick = (v, choices) => (g ? g(fc.constantFrom, ...choices) : v);
  const form = (seedForm, forms) => (g && forms && forms.length > 0 ? g(fc.constantFrom, ...forms) : seedForm);

  /**
   * Boxes `[[x1, y1, x2, y2], ...]`: corners jittered in `[lo, hi]`, sides in `[minSize, size]`
   * (`minSize` > 0 where the function divides by the sides, e.g. an encoder's priors).
   * @param opts.form the seed's form (default 'rows'); opts.forms the forms valid mode may use.
   */
  const boxes = (rows, opts = {}) => {
    const { lo = 0, hi = 64, size = 48, minSize = 0, forms = ANY_FORM } = opts;
    const flat = [];
    for (const r of rows) {
      if (!g) flat.push(...r);
      else {
        const x1 = num(r[0], lo, hi);
        const y1 = num(r[1], lo, hi);
        flat.push(x1, y1, x1 + num(r[2] - r[0], minSize, size), y1 + num(r[3] - r[1], minSize, size));
      }
    }
    return toForm(flat, 4, form(opts.form ?? 'rows', forms));
  };

  /** Points `[[x, y], ...]` jittered in `[lo, hi]`. */
  const points = (rows, opts = {}) => {
    const { lo = 0, hi = 64, forms = ANY_FORM } = opts;
    const flat = rows.flatMap((r) => (g ? [num(r[0], lo, hi), num(r[1], lo, hi)] : r));
    return toForm(flat, 2, form(opts.form ?? 'rows', forms));
  };

  /**
   * Numbers (logits, targets, weights) jittered in `[lo, hi]`. `width` > 1 allows the
   * `rows` and `ndarray` forms; the seed's form is its container (a typed array or numbers).
   */
  const values = (seed, opts = {}) => {
    const { lo = -8, hi = 8, width = 1, forms } = opts;
    const flat = Array.from(seed, (v) => (g ? num(v, lo, hi) : v));
    const allowed = forms ?? (width > 1 ? ['f32', 'flat', 'f64', 'rows', 'ndarray'] : ['f32', 'flat', 'f64']);
    return toForm(flat, width, form(opts.form ?? formOf(seed), allowed));
  };

  /** Integers (labels) jittered in `[lo, hi]`, kept in the seed's container. */
  const ints = (seed, lo, hi) => {
    const flat = Array.from(seed, (v) => (g ? int(v, lo, hi) : v));
    return toForm(flat, 1, formOf(seed));
  };

  /** 0/1 flags, `n` of them, a fixed pattern in the seed call. */
  const flags = (n, pattern = (i) => (i % 7 === 3 ? 0 : 1)) => Array.from({ length: n }, (_, i) => (g ? int(1, 0, 1) : pattern(i)));

  return { valid: g !== null, num, int, pick, bool: (v) => pick(v, [true, false]), boxes, points, values, ints, flags };
}

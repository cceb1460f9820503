/**
 * Compares toolkit outputs with a reference case's `expected`: integers exactly, floats within
 * the family's tolerance (`|actual - expected| <= abs + rel * |expected|`), the strings "NaN",
 * "Infinity", "-Infinity" as those values. Used by `eval-cases --check` and by the tests.
 */

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

function decode(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return value;
}

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * Appends to `out` one line per mismatch between `actual` and `expected` (recursing through
 * arrays and objects) and returns `out`. `exact` compares numbers without tolerance.
 */
export function diffOutputs(
  actual: unknown,
  expected: unknown,
  tolerance: Tolerance,
  path = '',
  exact = false,
  out: string[] = [],
): string[] {
  const e = decode(expected);
  const a = decode(actual);
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) out.push(`${path}: expected an array of length ${e.length}, got ${short(a)}`);
    else if (a.length !== e.length) out.push(`${path}: expected length ${e.length}, got ${a.length}`);
    else e.forEach((item, i) => diffOutputs(a[i], item, tolerance, `${path}[${i}]`, exact, out));
    return out;
  }
  if (typeof e === 'number') {
    const ok =
      typeof a === 'number' &&
      (Number.isNaN(e)
        ? Number.isNaN(a)
        : !Number.isFinite(e) || exact
          ? a === e
          : Math.abs(a - e) <= tolerance.abs + tolerance.rel * Math.abs(e));
    if (!ok) out.push(`${path}: expected ${e}, got ${short(a)}`);
    return out;
  }
  if (e !== null && typeof e === 'object') {
    if (a === null || typeof a !== 'object') {
      out.push(`${path}: expected an object, got ${short(a)}`);
      return out;
    }
    for (const key of Object.keys(e)) {
      const sub = path ? `${path}.${key}` : key;
      if (!(key in a)) out.push(`${sub}: missing`);
      else diffOutputs((a as Record<string, unknown>)[key], (e as Record<string, unknown>)[key], tolerance, sub, exact, out);
    }
    return out;
  }
  if (a !== e) out.push(`${path}: expected ${short(e)}, got ${short(a)}`);
  return out;
}

/**
 * Mismatches between a case's outputs and its expected values, key by key; keys in
 * `integerKeys` are compared exactly.
 */
export function compareCase(
  outputs: Record<string, unknown>,
  expected: Record<string, unknown>,
  tolerance: Tolerance,
  integerKeys: readonly string[] = [],
): string[] {
  return compareCaseWithSensitive(outputs, expected, tolerance, integerKeys, []).problems;
}

/**
 * As {@link compareCase}, but entries at the case's `sensitive` indices (per-prior arrays
 * only: those as long as `gt_inds`) are compared apart. The conformance README: those indices
 * hold float64-vs-float32 flips or ties at a top-k cut whose order the reference leaves to the
 * implementation, so a difference there is reported, not counted as a mismatch.
 */
export function compareCaseWithSensitive(
  outputs: Record<string, unknown>,
  expected: Record<string, unknown>,
  tolerance: Tolerance,
  integerKeys: readonly string[],
  sensitive: readonly number[],
): { problems: string[]; sensitiveDifferences: string[] } {
  const problems: string[] = [];
  const sensitiveDifferences: string[] = [];
  const skip = new Set(sensitive);
  const priorCount = Array.isArray(expected.gt_inds) ? expected.gt_inds.length : -1;
  for (const key of Object.keys(expected)) {
    if (!(key in outputs)) {
      problems.push(`${key}: missing from the outputs`);
      continue;
    }
    const e = expected[key];
    const a = outputs[key];
    const exact = integerKeys.includes(key);
    if (skip.size > 0 && Array.isArray(e) && e.length === priorCount && Array.isArray(a) && a.length === e.length) {
      e.forEach((item, i) => diffOutputs(a[i], item, tolerance, `${key}[${i}]`, exact, skip.has(i) ? sensitiveDifferences : problems));
    } else {
      diffOutputs(a, e, tolerance, key, exact, problems);
    }
  }
  return { problems, sensitiveDifferences };
}

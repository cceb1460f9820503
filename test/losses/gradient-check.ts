/**
 * Central finite differences for the loss property tests. The losses compute their values in
 * float32, as the reference does, so the step is chosen for float32 (large enough that rounding
 * noise of the value stays small against the difference) and a coordinate is only compared where
 * the function is smooth around it: when the second-order forward and backward one-sided
 * differences (`(-3 f(x) + 4 f(x + h) - f(x + 2h)) / 2h` and its mirror) disagree, a kink (a
 * max/min/clamp/where switch) lies within two steps and that coordinate is skipped.
 */
import { expect } from 'vitest';

export interface GradientCheckOptions {
  /** Coordinates for which this returns true are not compared (known kinks nearby). */
  readonly skip?: (j: number) => boolean;
  /** Step; default 1e-2. */
  readonly h?: number;
  /** Allowed |analytic - central| is abs + rel * max(|analytic|, |central|). */
  readonly abs?: number;
  readonly rel?: number;
  /**
   * One-sided differences further apart than this (plus rel / 2 * scale) mean a kink: skip.
   * Default `abs / 2`: stricter than the comparison, so that a kink that would spoil the
   * central difference by more than the tolerance is always detected.
   */
  readonly kink?: number;
}

export interface GradientCheckReport {
  checked: number;
  skipped: number;
}

/**
 * Compares `grad` with central differences of `value` around `x`, coordinate by coordinate.
 * Returns how many coordinates were compared and skipped.
 */
export function expectGradientMatches(
  value: (x: Float32Array) => number,
  x: Float32Array,
  grad: Float32Array,
  options: GradientCheckOptions = {},
  label = '',
): GradientCheckReport {
  const h = options.h ?? 1e-2;
  const abs = options.abs ?? 1e-3;
  const rel = options.rel ?? 1e-2;
  const kink = options.kink ?? abs / 2;
  const f0 = value(x);
  const report = { checked: 0, skipped: 0 };
  const at = (j: number, k: number): number => {
    const y = x.slice();
    y[j] = x[j] + k * h;
    return value(y);
  };
  for (let j = 0; j < x.length; j++) {
    if (options.skip?.(j)) {
      report.skipped++;
      continue;
    }
    // steps exactly representable around x[j] are not guaranteed in float32: use the actual ones
    const hp = Math.fround(x[j] + h) - x[j];
    const hm = x[j] - Math.fround(x[j] - h);
    const fp = at(j, 1);
    const fm = at(j, -1);
    const forward = (-3 * f0 + 4 * fp - at(j, 2)) / (2 * h);
    const backward = (3 * f0 - 4 * fm + at(j, -2)) / (2 * h);
    const central = (fp - fm) / (hp + hm);
    const scale = Math.max(Math.abs(forward), Math.abs(backward), Math.abs(grad[j]));
    if (!Number.isFinite(central) || Math.abs(forward - backward) > kink + (rel / 2) * scale) {
      report.skipped++;
      continue;
    }
    report.checked++;
    const tolerance = abs + rel * Math.max(Math.abs(central), Math.abs(grad[j]));
    expect(Math.abs(grad[j] - central), `${label} d/dx[${j}]: analytic ${grad[j]}, central ${central} (f = ${f0})`).toBeLessThanOrEqual(tolerance);
  }
  return report;
}

/** A flat Float32Array from numbers. */
export function f32(values: readonly number[]): Float32Array {
  return Float32Array.from(values);
}

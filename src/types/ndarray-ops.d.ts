// Minimal types for the parts of scijs ndarray-ops that label-assign uses.
declare module 'ndarray-ops' {
  import type { NdArray } from 'ndarray';
  /** Copies `source` into `target` elementwise (shapes must agree). */
  export function assign(target: NdArray, source: NdArray): NdArray;
  const ops: { assign: typeof assign };
  export default ops;
}

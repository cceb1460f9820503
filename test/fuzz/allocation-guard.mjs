// Loaded by the fuzz worker before the package: typed arrays and ArrayBuffers above a size
// no call of the suite needs throw a FuzzHugeAllocation instead of being allocated. A hostile
// size (2**31, 1e15) that reaches an allocation is a defect the suite reports; allocating it
// for real would take gigabytes outside the worker's heap limit, and filling it would only show
// up later as a hang. Instances are the engine's own, so `instanceof` and prototypes are untouched.

/** Elements of one typed array (256 MB of float32); the suite's largest real arrays are ~1e5. */
export const MAX_ELEMENTS = 2 ** 26;

export class FuzzHugeAllocation extends Error {
  constructor(what) {
    super(`the call tried to allocate ${what}; a hostile size reached an allocation unchecked`);
    this.name = 'FuzzHugeAllocation';
  }
}

const KINDS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer'];

for (const name of KINDS) {
  const Real = globalThis[name];
  const limit = name === 'ArrayBuffer' ? MAX_ELEMENTS * 8 : MAX_ELEMENTS;
  globalThis[name] = new Proxy(Real, {
    construct(target, args, newTarget) {
      const n = args[0];
      const size = typeof n === 'number' ? n : typeof n === 'object' && n !== null && typeof n.length === 'number' && !(n instanceof ArrayBuffer) ? n.length : 0;
      if (size > limit) throw new FuzzHugeAllocation(`new ${name}(${size})`);
      return Reflect.construct(target, args, newTarget);
    },
  });
}

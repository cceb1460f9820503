// Deliberately broken functions for the fuzz suite's self-check (fuzz.test.ts): each breaks one
// promise, and the suite must report exactly that one (a well-behaved function must pass). They
// are called on a number seed `x = 0`; every hostile value replaces it.
const finite = (x) => typeof x === 'number' && Math.abs(x) <= 1e6;
const check = (lib, fn, x) => {
  if (!finite(x)) throw new lib.LabelAssignError('invalid-argument', 'x', `${fn}: x must be a number in [-1e6, 1e6]`);
};
let calls = 0;

const broken = (name, call, extra = {}) => ({ name, params: ['x'], call, seeds: [(j) => [j.num(0, -1, 1)]], ...extra });

export const SPECS = [
  broken('wellBehaved', (lib, [x]) => (check(lib, 'wellBehaved', x), Float32Array.of(x * 2))),
  broken('throwsTypeError', (lib, [x]) => (x === 0 ? 0 : x.toFixed(1).y.z)),
  broken('namesAnother', (lib, [x]) => (check(lib, 'someOtherFunction', x), x)),
  broken('twoLineMessage', (lib, [x]) => {
    if (!finite(x)) {
      // LabelAssignError escapes its own message since issue 10; overwrite it, as a careless
      // subclass or wrapper could, so the check is still seen to catch a two-line message.
      const error = new lib.LabelAssignError('invalid-argument', 'x', 'twoLineMessage: x must be a finite number');
      Object.defineProperty(error, 'message', { value: 'twoLineMessage: x must be\na finite number' });
      throw error;
    }
    return x;
  }),
  broken('returnsNaN', (lib, [x]) => Float32Array.of(finite(x) ? x : NaN)),
  broken('mutates', (lib, [box]) => (Array.isArray(box) && box.length > 0 ? (box[0] = 1) : 0), { seeds: [() => [[0, 0, 1, 1]]] }),
  broken('nondeterministic', (lib, [x]) => (check(lib, 'nondeterministic', x), ++calls)),
  broken('allocatesHuge', (lib, [x]) => {
    if (typeof x !== 'number') throw new lib.LabelAssignError('invalid-argument', 'x', 'allocatesHuge: x must be a number');
    return new Float32Array(Math.abs(x) <= 1 ? 4 : 2 ** 31);
  }),
  broken('hangs', (lib, [x]) => {
    if (x === 0 || typeof x !== 'number') return 0;
    for (;;);
  }),
];

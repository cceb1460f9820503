/**
 * Issue 10, items 8 and 9 (core): messages that quoted user data raw (a key "a,b\nc" or a value
 * with ANSI escapes made a multi-line, coloured message); options objects of another class
 * (`new Date()`, a `Map`, an `ArrayBuffer`, a class instance) read as `{}`; `reduction: null`
 * taken as the default; a negative gaussian radius.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { describeValue, LabelAssignError } from '../../src/errors.js';
import { checkKnownKeys, checkObject, isPlainObject } from '../../src/validate.js';
import { expectLabelAssignError, thrown } from '../helpers/assertions.js';
import { callRoot, rootCalls } from '../helpers/root-calls.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe('control characters in messages', () => {
  it('describeValue quoted strings raw (a value with ANSI escapes coloured the message)', () => {
    expect(describeValue('\u001b[31mred\nnext')).toBe("'\\u001b[31mred\\nnext'");
    expect(describeValue('tab\there\r')).toBe("'tab\\there\\r'");
    expect(describeValue('a\u2028b\u202ec')).toBe("'a\\u2028b\\u202ec'");
    expect(describeValue(Symbol('x\ny'))).toBe("a Symbol 'x\\ny'");
    expect(describeValue(10n)).toBe('10n');
  });

  it('an unknown option key "a,b\\nc" made a two-line message', () => {
    const error = thrown(() => api.iouMatrix([], [], { ['a,b\nc\u001b[0m']: 1 } as never));
    expect(error.message).toBe("iouMatrix: unknown option 'a,b\\nc\\u001b[0m' in options. Known options: mode, eps, allowInverted");
    expect(() => checkKnownKeys('f', 'options', { ['\n\u001b']: 1 }, ['alpha'])).toThrow("f: unknown option '\\n\\u001b' in options. Known options: alpha");
  });

  it('a bad value with a newline was echoed raw', () => {
    const error = thrown(() => api.pairwiseOverlaps([], [], { mode: 'iou\ngiou' as never }));
    expect(error.message).toBe("pairwiseOverlaps: options.mode must be one of 'iou', 'iof', 'giou', 'diou', 'ciou', but was 'iou\\ngiou'");
  });

  it('every message is one printable line, whoever built it', () => {
    expect(new LabelAssignError('invalid-argument', 'x', 'f: x must be y, but was \u001b[2J\n').message).toBe('f: x must be y, but was \\u001b[2J\\n');
  });

  it('objects of another class are named by their class', () => {
    expect(describeValue(new Date(0))).toBe('a Date');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue(new ArrayBuffer(8))).toBe('an ArrayBuffer');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue({})).toBe('an object');
  });
});

describe('options of the wrong class', () => {
  class Options {
    readonly topK = 9;
  }

  it('checkObject accepted a Date, a Map, an ArrayBuffer or a class instance as {}', () => {
    for (const [value, name] of [[new Date(0), 'a Date'], [new Map(), 'a Map'], [new Options(), 'an Options']] as const) {
      expectLabelAssignError(() => checkObject('f', 'options', value), new RegExp(`^f: options must be a plain object \\(\\{ \\.\\.\\. \\}\\), but was ${name}$`));
    }
    expectLabelAssignError(() => checkObject('f', 'options', new ArrayBuffer(8)), /^f: options must be a plain object \(\{ \.\.\. \}\), but was an ArrayBuffer$/);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(JSON.parse('{"a":1}'))).toBe(true);
    expect(isPlainObject(Object.freeze({ a: 1 }))).toBe(true);
  });

  it('the resolvers read a class instance\'s fields as missing (assignAtss took new Options() as {})', () => {
    expectLabelAssignError(() => api.resolveAtssOptions(new Options() as never), /^assignAtss: options must be a plain object \(\{ \.\.\. \}\), but was an Options$/);
    expectLabelAssignError(() => api.assignAtss({ priors: [], numLevelPriors: [], gtBoxes: [] }, new Map() as never), /^assignAtss: options must be a plain object/);
    expectLabelAssignError(() => api.giouLoss([], [], new Date(0) as never), /^giouLoss: options must be a plain object \(\{ \.\.\. \}\), but was a Date$/);
  });

  it('the class: every plain-object argument of every root export refuses other classes and accepts a null-prototype copy', () => {
    const calls = rootCalls();
    for (const [name, args] of Object.entries(calls)) {
      const call = (a: unknown[]): unknown => callRoot(name, a);
      args.forEach((arg, i) => {
        if (!isPlainObject(arg)) return;
        // A prior set is data whose every field is checked (a copy of its fields in a class
        // instance is the same set); options and input records are read by key, so only plain ones.
        const isPriorSet = 'priors' in arg && 'levels' in arg;
        const wrongs: unknown[] = [new Date(0), new Map(Object.entries(arg)), new ArrayBuffer(8)];
        if (!isPriorSet) wrongs.push(Object.assign(new Options(), arg));
        for (const wrong of wrongs) {
          const changed = args.slice();
          changed[i] = wrong;
          expect(() => call(changed), `${name} argument ${i} = ${describeValue(wrong)}`).toThrow(LabelAssignError);
        }
        const copy = args.slice();
        copy[i] = Object.assign(Object.create(null), arg);
        expect(() => call(copy), `${name} argument ${i} without a prototype`).not.toThrow();
      });
    }
  });
});

describe('null where undefined means the default', () => {
  const LOSSES: readonly (readonly [string, () => unknown])[] = [
    ['l1Loss', () => api.l1Loss([1], [0], { reduction: null as never })],
    ['giouLoss', () => api.giouLoss([[0, 0, 1, 1]], [[0, 0, 1, 1]], { reduction: null as never })],
    ['focalLoss', () => api.focalLoss([0], { labels: [0] }, { numClasses: 1, reduction: null as never })],
    ['crossEntropyLoss', () => api.crossEntropyLoss([0, 0], [0], { numClasses: 2, reduction: null as never })],
    ['distributionFocalLoss', () => api.distributionFocalLoss([0, 0, 0], [0.5], { regMax: 2, reduction: null as never })],
    ['gaussianFocalLoss', () => api.gaussianFocalLoss([0.5], [0.5], { reduction: null as never })],
  ];

  it.each(LOSSES)('%s took reduction: null as the default mean', (name, run) => {
    expect(thrown(run).message).toBe(`${name}: options.reduction must be one of 'none', 'mean', 'sum', but was null`);
  });
});

describe('gaussianRadius', () => {
  it('gaussianRadius(1e-300, 1e-300, 0.3) was negative', () => {
    const r = api.gaussianRadius(1e-300, 1e-300, 0.3);
    expect(r).toBeGreaterThan(0);
    // Linear in the size: the radius of 1e-300 boxes is 1e-300 times that of unit boxes.
    expect(r / 1e-300).toBeCloseTo(api.gaussianRadius(1, 1, 0.3), 10);
  });

  it('is never negative, for any sizes and overlap', () => {
    const size = fc.oneof(fc.double({ min: 0, max: 1e300, noNaN: true }), fc.constantFrom(0, 5e-324, 1e-300, 1e-160, 1, 1e150, 1e300));
    fc.assert(
      fc.property(size, size, fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (h, w, overlap) => {
        const r = api.gaussianRadius(h, w, overlap);
        return r >= 0 && Number.isFinite(r);
      }),
    );
  });
});

describe('messages stay one line across the API', () => {
  it('a control character in any quoted value or key never reaches a message', () => {
    const calls = rootCalls();
    const bad = 'x\n\u001b[31my';
    for (const [name, args] of Object.entries(calls)) {
      const call = (a: unknown[]): unknown => callRoot(name, a);
      args.forEach((arg, i) => {
        const variants: unknown[] = [bad];
        if (isPlainObject(arg)) variants.push({ ...arg, [bad]: 1 });
        for (const value of variants) {
          const changed = args.slice();
          changed[i] = value;
          try {
            call(changed);
          } catch (error) {
            expect((error as Error).message, `${name} argument ${i}`).not.toMatch(CONTROL);
          }
        }
      });
    }
  });
});

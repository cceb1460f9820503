import { describe, it } from 'vitest';
import { overlapsRunner } from '../../src/interop/mmdet/overlaps.js';
import { expectMatchesCase, loadCaseFile } from '../helpers/conformance.js';

const file = loadCaseFile('overlaps');

describe(`conformance: ${file.family} (${file.reference})`, () => {
  for (const testCase of file.cases) {
    it(`${testCase.id}: ${testCase.note ?? ''}`, () => {
      const prepared = overlapsRunner.prepare(testCase);
      expectMatchesCase(prepared.format(prepared.compute()), testCase.expected!, file.tolerance!);
    });
  }
});

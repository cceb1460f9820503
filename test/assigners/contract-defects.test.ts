// The assigner contract catches what it is there for: each deliberately broken assigner of
// test/helpers/broken-assigners.ts fails the clause written against its defect (and the real
// MaxIoU it wraps passes every clause, in contract.test.ts).
import { describe, expect, it } from 'vitest';
import { BROKEN_ASSIGNERS } from '../helpers/broken-assigners.js';
import { CONTRACT } from './contract.js';
import { ADAPTERS } from './contract-adapters.js';

const maxIoU = ADAPTERS.find((a) => a.strategy.name === 'assignMaxIoU')!;

describe('the assigner contract catches broken assigners', () => {
  for (const broken of BROKEN_ASSIGNERS) {
    it(`catches an assigner that ${broken.defect}`, () => {
      const clauses = Object.entries(CONTRACT).filter(([name]) => name.startsWith(broken.caughtBy));
      expect(clauses.length).toBe(1);
      const [, clause] = clauses[0];
      const adapter = { ...maxIoU, strategy: { ...maxIoU.strategy, assign: broken.assign as never } };
      expect(clause(adapter)).not.toBeNull();
    });
  }
});

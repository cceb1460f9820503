// Every registered assigner runs the same contract (see contract.ts), through its adapter in
// contract-adapters.ts.
import { describe, expect, it } from 'vitest';
import { ASSIGNERS } from '../../src/assigners/registry.js';
import { ADAPTERS } from './contract-adapters.js';
import { assignerContract } from './contract.js';

describe('the assigner registry', () => {
  it('has a contract adapter for every registered strategy, and only for those', () => {
    expect(ADAPTERS.map((a) => a.strategy.name).sort()).toEqual(ASSIGNERS.map((s) => s.name).sort());
  });

  it('registers each strategy once, under the name of its public function', () => {
    const names = ASSIGNERS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of ASSIGNERS) expect(s.assign.name).toBe(s.name);
  });
});

for (const adapter of ADAPTERS) assignerContract(adapter);

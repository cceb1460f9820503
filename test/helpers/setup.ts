// fast-check: a fixed seed in CI so a submission's result never depends on luck; a fresh seed
// locally to keep exploring. FC_SEED=<n> replays a failure (fast-check prints the seed).
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined ? Number(fromEnv) : process.env.CI ? 20261121 : undefined;
fc.configureGlobal({ numRuns: 100, ...(seed === undefined ? {} : { seed }) });

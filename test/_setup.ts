// Property tests explore new random inputs on every local run; CI replays a fixed seed so that a landing
// never depends on luck (FC_SEED overrides either way, e.g. to replay a reported counterexample).
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261128' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

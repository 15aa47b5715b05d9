// Tests that build on each other (a draft filled by one and submitted by the next, a code made by
// one and scanned by the next) as node:test tests that say so: a step runs only once the steps it
// needs passed, and is otherwise skipped with the reason, so one failure reads as one failure
// instead of a cascade of confusing ones. A step needs the one declared before it, or the steps
// named in `needs`. A step filtered out by --test-name-pattern counts as not run: match the
// describe() name around the steps to run a later step together with the steps it needs.
import { test } from 'node:test';

export function chain() {
  const outcome = new Map();  // step name -> 'running' | 'passed' | 'failed' | 'skipped'
  const why = { running: 'did not finish', failed: 'failed', skipped: 'was skipped' };
  let previous = null;
  return function step(name, { needs = previous ? [previous] : [], ...options }, fn) {
    previous = name;
    test(name, options, async (t) => {
      const missing = [needs].flat().find((n) => outcome.get(n) !== 'passed');
      if (missing) {
        outcome.set(name, 'skipped');
        t.skip(`needs "${missing}", which ${why[outcome.get(missing)] ?? 'did not run (filtered out?)'}`);
        return;
      }
      outcome.set(name, 'running');
      try {
        await fn(t);
        outcome.set(name, 'passed');
      } catch (e) {
        outcome.set(name, 'failed');
        throw e;
      }
    });
  };
}

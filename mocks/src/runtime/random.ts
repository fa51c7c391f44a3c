/**
 * The mocks' one deterministic generator (mulberry32): ids and values in the stateful engine,
 * delays in the scenarios. Its state can be read and set, so snapshots restore the sequence.
 */
export interface Prng {
  /** The next number in [0, 1). */
  next(): number;
  state(): number;
  set(state: number): void;
}

export function prng(seed: number): Prng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => a,
    set: (s) => {
      a = s >>> 0;
    },
  };
}

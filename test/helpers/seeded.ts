// One seeded PRNG for the tests that corrupt, forge or kill at random: the same seed gives the
// same damage on every run (a failure is repeatable from the seed it prints), another seed other
// damage. mulberry32 (public-domain algorithm by Tommy Ettinger): small, fast, good enough to
// pick pages, byte ranges and delays; not for anything that must be unpredictable.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mask bytes are 0/1 and come in long runs, so history patches keep them as run lengths: an invert of a
 * 24-megapixel mask costs kilobytes, not 48 MB. Bytes that would not shrink that way (noise) stay raw.
 */
export type PackedBytes = { kind: 'runs'; length: number; runs: Uint32Array } | { kind: 'raw'; bytes: Uint8Array };

/** Alternating run lengths, starting with a run of 0s (possibly empty). */
export function packBytes(bytes: Uint8Array): PackedBytes {
  const runs: number[] = [];
  let value = 0;
  let run = 0;
  // Worse than raw once there are more runs than a quarter of the bytes (4 bytes a run).
  const maxRuns = bytes.length / 4;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b > 1) return { kind: 'raw', bytes: bytes.slice() };
    if (b === value) {
      run++;
      continue;
    }
    runs.push(run);
    if (runs.length > maxRuns) return { kind: 'raw', bytes: bytes.slice() };
    value = b;
    run = 1;
  }
  runs.push(run);
  return { kind: 'runs', length: bytes.length, runs: Uint32Array.from(runs) };
}

export function unpackBytes(packed: PackedBytes): Uint8Array {
  if (packed.kind === 'raw') return packed.bytes;
  const out = new Uint8Array(packed.length);
  let at = 0;
  for (let i = 0; i < packed.runs.length; i++) {
    const run = packed.runs[i]!;
    if (i % 2 === 1) out.fill(1, at, at + run);
    at += run;
  }
  return out;
}

export function packedSize(packed: PackedBytes): number {
  return packed.kind === 'raw' ? packed.bytes.byteLength : packed.runs.byteLength;
}

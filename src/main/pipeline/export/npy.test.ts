import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { readNpy } from '../../test-support/read-npy';
import { npyHeader, NpyWriter } from './npy';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

/** NumPy is optional on a developer machine: the numpy check runs where `import numpy` works. */
// Skipped where numpy is missing; in CI that skip fails the run (not in src/main/test-support/declared-skips.ts).
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

const bytesOf = (values: Float32Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);

async function writeNpy(name: string, shape: number[], chunks: Float32Array[]): Promise<string> {
  const path = join(temp.dir, name);
  const writer = await NpyWriter.create(path, shape);
  for (const chunk of chunks) await writer.append(bytesOf(chunk));
  await writer.close();
  return path;
}

describe('npy writer', () => {
  it('writes the version 1.0 header: Python tuple shapes, 64-byte aligned, newline-terminated', () => {
    for (const shape of [[5], [2, 3], [4, 32, 1024], [0, 32, 4]]) {
      const header = npyHeader(shape);
      expect(header.length % 64).toBe(0);
      expect(header.toString('latin1', 10).trimEnd()).toBe(`{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`);
      expect(header.readUInt16LE(8)).toBe(header.length - 10);
      expect(header.at(-1)).toBe(0x0a);
    }
  });

  it('round-trips a 3-D array appended clip by clip', async () => {
    const values = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 0.37 - 4);
    const path = await writeNpy('a.npy', [2, 3, 4], [values.subarray(0, 12), values.subarray(12)]);
    const back = readNpy(path);
    expect(back.shape).toEqual([2, 3, 4]);
    expect(back.dataOffset % 64).toBe(0);
    expect(back.data).toEqual(values);
  });

  it('refuses to close a file whose data does not fill its shape, and to overfill it', async () => {
    const path = join(temp.dir, 'short.npy');
    const writer = await NpyWriter.create(path, [2, 2]);
    await writer.append(bytesOf(new Float32Array(3)));
    await expect(writer.append(bytesOf(new Float32Array(2)))).rejects.toThrow(/more data than its shape holds/);
    await expect(writer.close()).rejects.toThrow(/12 data bytes written, its shape needs 16/);
  });

  it.skipIf(!hasNumpy)('is read by numpy.load with the same shape, dtype and values', async () => {
    const values = Float32Array.from({ length: 3 * 2 * 5 }, (_, i) => Math.fround(Math.sin(i) * 100));
    const path = await writeNpy('b.npy', [3, 2, 5], [values]);
    const oneAxis = await writeNpy('c.npy', [4], [Float32Array.from([1, -2.5, 0, 3e-7])]);
    const script = 'import json, sys, numpy as np\nout = []\nfor p in sys.argv[1:]:\n  a = np.load(p)\n  out.append({"shape": list(a.shape), "dtype": a.dtype.str, "c": bool(a.flags.c_contiguous), "values": a.ravel().tolist()})\nprint(json.dumps(out))';
    const run = spawnSync('python3', ['-c', script, path, oneAxis], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [a, c] = JSON.parse(run.stdout) as { shape: number[]; dtype: string; c: boolean; values: number[] }[];
    expect(a).toEqual({ shape: [3, 2, 5], dtype: '<f4', c: true, values: [...values] });
    expect(c?.shape).toEqual([4]);
    expect(c?.values).toEqual([...Float32Array.from([1, -2.5, 0, 3e-7])]);
  });
});

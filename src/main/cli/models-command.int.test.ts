/** `viper models …` as a user runs it: a real process, models in a temporary $VIPER_MODELS. */
import { spawnSync } from 'node:child_process';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, makeTempDir } from '../test-support/fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());
const modelsDir = join(temp.dir, 'models');

function viper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, VIPER_DB: join(temp.dir, 'cli.db'), VIPER_MODELS: modelsDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('viper models', () => {
  it('lists the pack as missing, with the licence the user must see', () => {
    const run = viper(['models', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`models folder ${modelsDir}`);
    expect(run.stdout).toMatch(/faceres\s+descriptor\s+missing\s+–\s+@vladmandic\/human\/models\/faceres\.json\s+unknown: the upstream repository publishes no licence file/);
    expect(run.stdout).toContain('emotion: not built. Run "npx viper models build"');
  });

  it('builds two models, then skips them', () => {
    const first = viper(['models', 'build', 'emotion', 'silero-vad']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/emotion\s+built\s+0\.8 MB/);
    expect(first.stdout).toContain('2 built, 0 unchanged');
    const again = JSON.parse(viper(['--json', 'models', 'build', 'emotion', 'silero-vad']).stdout) as { models: { action: string }[] };
    expect(again.models.map((m) => m.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('verifies, and exits 3 naming a truncated model and the fix', () => {
    expect(viper(['models', 'verify', 'emotion', 'silero-vad']).stdout).toContain('all 2 models verified');
    truncateSync(join(modelsDir, 'emotion.onnx'), 100);
    const run = viper(['models', 'verify', 'emotion', 'silero-vad']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✗ .*emotion\.onnx: truncated \(expected \d+ bytes, found 100\)\. Run "npx viper models build" to rebuild the default pack\./);
    expect(run.stdout).toContain('1 of 2 models failed');
    const json = JSON.parse(viper(['--json', 'models', 'verify', 'emotion']).stdout) as { failed: number; models: { error: { code: string } }[] };
    expect([json.failed, json.models[0]?.error.code]).toEqual([1, 'models/corrupt']);
  });

  it('refuses an unknown model id with the list of known ones', () => {
    const run = viper(['models', 'build', 'vit-face']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no model "vit-face" in the default pack; its models are blazeface, facemesh, iris, emotion, faceres, silero-vad.');
  });
});

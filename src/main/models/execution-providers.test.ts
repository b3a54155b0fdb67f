import { describe, expect, it } from 'vitest';
import { parseProviderChoice, planProviders, readRuntimeOffer, type RuntimeOffer } from './execution-providers';

function offer(platform: NodeJS.Platform, installed: string[], notInstalled: string[] = []): RuntimeOffer {
  return { platform, arch: 'x64', installed: new Set(installed), notInstalled: new Set(notInstalled) };
}

describe('planProviders', () => {
  it('prefers the accelerator each platform offers, and always ends with CPU', () => {
    expect(planProviders('auto', offer('linux', ['cpu', 'webgpu'], ['cuda'])).order).toEqual(['cpu']);
    expect(planProviders('auto', offer('linux', ['cpu', 'webgpu', 'cuda'])).order).toEqual(['cuda', 'cpu']);
    expect(planProviders('auto', offer('win32', ['cpu', 'dml', 'webgpu'])).order).toEqual(['dml', 'cpu']);
    expect(planProviders('auto', offer('darwin', ['cpu', 'coreml', 'webgpu'])).order).toEqual(['coreml', 'cpu']);
  });

  it('never picks WebGPU by itself, but uses it when asked', () => {
    expect(planProviders('auto', offer('linux', ['cpu', 'webgpu'])).order).not.toContain('webgpu');
    expect(planProviders('webgpu', offer('linux', ['cpu', 'webgpu'])).order).toEqual(['webgpu', 'cpu']);
  });

  it('explains a requested provider the machine lacks, with the fix for CUDA', () => {
    const cuda = planProviders('cuda', offer('linux', ['cpu'], ['cuda']));
    expect(cuda.order).toEqual(['cpu']);
    expect(cuda.skipped[0]?.reason).toMatch(/without its CUDA libraries.*ONNXRUNTIME_NODE_INSTALL=cuda12 npm run gpu-setup/);
    const dml = planProviders('dml', offer('linux', ['cpu', 'webgpu']));
    expect(dml.skipped[0]?.reason).toBe('dml was requested but onnxruntime-node on linux/x64 does not offer it (it offers cpu, webgpu)');
    expect(planProviders('cpu', offer('win32', ['cpu', 'dml']))).toEqual({ order: ['cpu'], skipped: [] });
  });
});

describe('parseProviderChoice', () => {
  it('reads VIPER_EP values, case and blanks forgiven', () => {
    expect(parseProviderChoice(undefined)).toBe('auto');
    expect(parseProviderChoice('')).toBe('auto');
    expect(parseProviderChoice(' CUDA ')).toBe('cuda');
    expect(parseProviderChoice('dml')).toBe('dml');
  });

  it('rejects an unknown provider naming the variable and the choices', () => {
    expect(() => parseProviderChoice('tpu')).toThrow(
      expect.objectContaining({ code: 'models/provider-unavailable', message: expect.stringMatching(/^VIPER_EP="tpu" is not .*auto, cpu, cuda, dml, coreml, webgpu/) }),
    );
  });
});

describe('readRuntimeOffer', () => {
  it('reports what the installed onnxruntime-node offers here', () => {
    const here = readRuntimeOffer();
    expect(here.installed.has('cpu')).toBe(true);
    expect(here.platform).toBe(process.platform);
    // CUDA is either installed (opt-in install) or known but absent, never silently missing.
    if (process.platform === 'linux' && process.arch === 'x64') expect(here.installed.has('cuda') || here.notInstalled.has('cuda')).toBe(true);
  });
});

/**
 * @file Which onnxruntime-node execution provider a session should try, in order. CPU always ends
 * the plan, so a model runs somewhere even when an accelerator fails to start.
 *
 *   machine              'auto' tries                          how the accelerator gets there
 *   linux x64            cuda (if installed), cpu              ONNXRUNTIME_NODE_INSTALL=cuda12 npm run gpu-setup
 *   win32                cuda (if installed), dml, cpu         dml is bundled
 *   darwin               coreml, cpu                           coreml is bundled
 *   anything else        cpu
 *
 * WebGPU is bundled too but only used when asked for: onnxruntime-node calls it experimental, and on a
 * machine without a GPU adapter it fails after printing native errors.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { listSupportedBackends } from 'onnxruntime-node';
import { ViperError } from '../../shared/errors';

export const PROVIDERS = ['cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export type ProviderChoice = 'auto' | ProviderName;

/** The environment variable that overrides the provider for the whole process. */
export const PROVIDER_ENV = 'VIPER_EP';

/** What the installed onnxruntime-node offers on this machine. */
export interface RuntimeOffer {
  platform: NodeJS.Platform;
  arch: string;
  /** Providers whose libraries are present: bundled ones, plus CUDA when its opt-in install ran. */
  installed: ReadonlySet<string>;
  /** Providers this build knows but whose libraries are absent (e.g. cuda after a skipped install). */
  notInstalled: ReadonlySet<string>;
}

const CUDA_LIBRARY: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/** Where onnxruntime-node keeps its native binding; the CUDA install puts its libraries beside it. */
function bindingFolder(): string {
  const packageJson = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  return join(dirname(packageJson), 'bin', 'napi-v6', process.platform, process.arch);
}

export function readRuntimeOffer(): RuntimeOffer {
  const installed = new Set<string>();
  const notInstalled = new Set<string>();
  const cudaLibrary = CUDA_LIBRARY[process.platform];
  for (const backend of listSupportedBackends()) {
    // "bundled: false" means the package can fetch it at install time, not that it is missing.
    const present = backend.bundled || (backend.name === 'cuda' && cudaLibrary !== undefined && existsSync(join(bindingFolder(), cudaLibrary)));
    (present ? installed : notInstalled).add(backend.name);
  }
  return { platform: process.platform, arch: process.arch, installed, notInstalled };
}

/** Parses a provider choice from an option or VIPER_EP; undefined or empty means 'auto'. */
export function parseProviderChoice(value: string | undefined, source = PROVIDER_ENV): ProviderChoice {
  const choice = (value ?? '').trim().toLowerCase();
  if (choice === '' || choice === 'auto') return 'auto';
  if ((PROVIDERS as readonly string[]).includes(choice)) return choice as ProviderName;
  throw new ViperError(
    'models/provider-unavailable',
    `${source}="${value}" is not an execution provider this app knows (expected auto, ${PROVIDERS.join(', ')}). ` +
      `Set ${source} to one of those, or unset it to let the app choose.`,
    { subject: source },
  );
}

export interface ProviderPlan {
  /** Providers to try in order; the last is always 'cpu'. */
  order: readonly ProviderName[];
  /** Providers the user asked for that this machine cannot offer, with the reason and the fix. */
  skipped: ReadonlyArray<{ provider: ProviderName; reason: string }>;
}

function missingReason(provider: ProviderName, offer: RuntimeOffer): string {
  if (provider === 'cuda' && offer.notInstalled.has('cuda')) {
    return 'cuda was requested but onnxruntime-node was installed without its CUDA libraries ' +
      '(run "ONNXRUNTIME_NODE_INSTALL=cuda12 npm run gpu-setup" on a machine with internet, CUDA 12 and cuDNN 9; package.json keeps npm ci from running that download)';
  }
  const offered = [...offer.installed].join(', ');
  return `${provider} was requested but onnxruntime-node on ${offer.platform}/${offer.arch} does not offer it (it offers ${offered})`;
}

export function planProviders(choice: ProviderChoice, offer: RuntimeOffer): ProviderPlan {
  if (choice === 'cpu') return { order: ['cpu'], skipped: [] };
  if (choice !== 'auto') {
    return offer.installed.has(choice)
      ? { order: [choice, 'cpu'], skipped: [] }
      : { order: ['cpu'], skipped: [{ provider: choice, reason: missingReason(choice, offer) }] };
  }
  const preferred: ProviderName[] = offer.platform === 'darwin' ? ['coreml'] : ['cuda', 'dml'];
  return { order: [...preferred.filter((name) => offer.installed.has(name)), 'cpu'], skipped: [] };
}

/**
 * @file Picks the TF.js backend training runs on, best first:
 *   1. 'tensorflow' from @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, when the user installed one
 *      (not a dependency: it needs a download at install time; imported dynamically);
 *   2. 'wasm', its .wasm binaries read from node_modules/@tensorflow/tfjs-backend-wasm/dist (offline);
 *   3. 'cpu' (plain JS, about 13× slower than wasm here).
 * VIPER_TF_BACKEND=tensorflow|wasm|cpu forces one.
 */
import { createRequire, register } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ViperError } from '../../shared/errors';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';
export const TF_BACKENDS: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];

async function tryNativeBinding(): Promise<boolean> {
  // Names in variables so bundlers and tsc do not try to resolve packages that are usually absent.
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ name);
      if (await tf.setBackend('tensorflow')) return true;
    } catch {
      // Not installed, or its native library does not load on this machine: try the next.
    }
  }
  return false;
}

function wasmDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep;
}

async function tryWasm(): Promise<boolean> {
  // A file path (not a URL): under Node the backend reads the binaries with fs, so no network is involved.
  setWasmPaths(wasmDir());
  try {
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

/**
 * tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does, and it is not a
 * dependency). Its register_all_gradients is shipped only as bundler-style ESM (extensionless and folder
 * imports), which Node refuses: a resolve hook completes those specifiers, for tfjs-core's files only.
 * The registries live on globalThis, so gradients registered by that copy serve the CommonJS copy too.
 */
const RESOLVE_HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('.') || !context.parentURL?.includes('/@tensorflow/tfjs-core/dist/')) throw error;
    for (const suffix of ['.js', '/index.js']) {
      try { return await next(specifier + suffix, context); } catch {}
    }
    throw error;
  }
}`;

async function registerGradients(): Promise<void> {
  if (tf.getGradient('Mean')) return;
  register(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}

/** Makes the best available backend current and returns its name; `prefer` makes one required. */
export async function initTfBackend(prefer: TfBackendName | undefined = process.env.VIPER_TF_BACKEND as TfBackendName | undefined): Promise<TfBackendName> {
  if (prefer !== undefined && !TF_BACKENDS.includes(prefer)) {
    throw new ViperError('fusion/bad-config', `unknown TF.js backend "${String(prefer)}": use one of ${TF_BACKENDS.join(', ')} (VIPER_TF_BACKEND or --backend).`);
  }
  await registerGradients();
  const order = prefer ? [prefer] : TF_BACKENDS;
  for (const name of order) {
    if (tf.getBackend() === name && tf.findBackend(name)) return name;
    const ok = name === 'tensorflow' ? await tryNativeBinding() : name === 'wasm' ? await tryWasm() : await tf.setBackend('cpu');
    if (ok) {
      await tf.ready();
      return name;
    }
  }
  throw new ViperError(
    'fusion/backend-unavailable',
    `TF.js backend "${prefer ?? ''}" is not available here. For "tensorflow" run "npm install @tensorflow/tfjs-node" (or -gpu); otherwise leave the choice to the app.`,
  );
}

/**
 * Builds the three parts of the desktop app into out/:
 *   out/main/index.js        the main process (ESM, package.json "type": "module"); npm deps stay external
 *   out/main/*-worker.js     worker-thread entries (see src/main/jobs/worker-modules.ts)
 *   out/preload/index.cjs    the preload, CommonJS with everything bundled: a sandboxed preload may
 *                            require only 'electron'
 *   out/renderer/index.html  the React app, loaded over file://
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/content-security-policy';

const INDEX_HTML = 'src/renderer/index.html';
const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;

/**
 * Keeps index.html's CSP <meta> and content-security-policy.ts one policy: the build fails if they
 * differ; the dev server swaps in the development policy (Vite's inline React-refresh preamble).
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'viper:csp-meta',
    transformIndexHtml(html, { server }) {
      const found = CSP_META.exec(html);
      if (!found) throw new Error(`${INDEX_HTML}: no Content-Security-Policy <meta>. Add it back with the policy of contentSecurityPolicy('production', 'meta').`);
      if (server) return html.replace(CSP_META, `$1${contentSecurityPolicy('development', 'meta')}$3`);
      const expected = contentSecurityPolicy('production', 'meta');
      if (found[2] !== expected) {
        throw new Error(`${INDEX_HTML}: the Content-Security-Policy <meta> differs from src/shared/content-security-policy.ts. Set its content to:\n${expected}`);
      }
      return html;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      // Workers are entries of their own: a worker thread loads a module file, not a chunk of index.js.
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/main.ts'),
          'analysis-worker': resolve('src/main/jobs/analysis-worker.ts'),
          'train-worker': resolve('src/main/jobs/train-worker.ts'),
          // It runs API handlers, so it lives in api/ (jobs/ may not import api/).
          'call-worker': resolve('src/main/api/call-worker.ts'),
          'queue-coordinator': resolve('src/main/queue/queue-coordinator-thread.ts'),
          'analysis-lane': resolve('src/main/jobs/analysis-lane.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve(INDEX_HTML) } } },
    plugins: [react(), contentSecurityPolicyMeta()],
  },
});

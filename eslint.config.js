/**
 * Lint rules, and the import boundaries of STYLE.md rule 1, per folder:
 *   - only src/main/electron and src/preload import electron, so the core, the CLI, `viper serve`
 *     and every test run under plain Node;
 *   - src/renderer and src/shared import no Node built-ins, nothing from src/main and no native
 *     module, so they also run in a browser (`viper serve`); src/shared imports no React either;
 *   - src/preload (sandboxed: it may require only 'electron') imports no Node built-ins and no core.
 * Tests under src/renderer and src/shared run under Node and may use its built-ins.
 *
 * And the direction inside src/main (an arrow: "may be imported by"):
 *   shared ← store ← media, models ← library, pipeline, fusion ← jobs ← queue ← api ← cli, host, electron
 * Each folder imports only the layers below it, never its own layer's other folders (no media ↔ models,
 * no cli ↔ host ↔ electron). src/main/viper.ts, the `viper` executable's composition root, alone joins
 * cli and host. Exempt: tests (*.test.ts, *.test-worker.ts, *.test-child.ts) and test-support/ folders, which build
 * fixtures through whatever layer they exercise.
 *
 * And React's rules of hooks in src/renderer.
 *
 * And SQL only in src/main/store (STYLE.md rule 9): elsewhere in src/main no call of a connection's
 * prepare(), pragma() or transaction(), so every query is a store method, by table, prepared once per
 * connection. Tests and test-support/ are exempt, as above.
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** One group of forbidden imports, in no-restricted-imports' own option shape. */
const restriction = (paths, patterns) => ({ paths, patterns });

const ELECTRON = restriction(
  [{ name: 'electron', message: 'Only src/main/electron and src/preload import electron (STYLE.md rule 1).' }],
  [{ group: ['electron/*'], message: 'Only src/main/electron and src/preload import electron (STYLE.md rule 1).' }],
);

const NODE_MESSAGE = 'No Node built-ins here: this code also runs in a browser or a sandboxed preload. Ask the main process through the API.';
const NODE_BUILTINS = restriction(
  builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: NODE_MESSAGE })),
  [{ group: ['node:*'], message: NODE_MESSAGE }],
);

const CORE = restriction(
  [],
  [
    {
      // Any relative path up and into a "main" folder: src/main is the Node core.
      regex: String.raw`^(\.\./)+(.+/)?main(/|$)`,
      message: 'src/main is the Node core: reach it through the API client (window.viper), not by import.',
    },
  ],
);

const NATIVE = restriction(
  ['better-sqlite3', 'onnxruntime-node', 'ffmpeg-static'].map((name) => ({
    name,
    message: 'Native and Node-only packages belong to src/main.',
  })),
  [],
);

const REACT = restriction(
  [],
  [{ group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'recharts'], message: 'src/shared is the contract: no UI code.' }],
);

/** src/main's folders, bottom layer first; a folder may import only the folders of earlier layers. */
const LAYERS = [['store'], ['media', 'models'], ['library', 'pipeline', 'fusion'], ['jobs'], ['queue'], ['api'], ['cli', 'host', 'electron']];

/** The folders a file in `folder` must not import: its own layer's other folders and every layer above. */
function layerRestriction(folder) {
  const layer = LAYERS.findIndex((names) => names.includes(folder));
  const forbidden = LAYERS.slice(layer).flat().filter((name) => name !== folder);
  const below = LAYERS.slice(0, layer).flat();
  return restriction(
    [],
    [
      {
        // A relative path up and into one of those folders (optionally through "main/").
        regex: String.raw`^(\.\./)+(main/)?(${forbidden.join('|')})(/|$)`,
        message: `src/main/${folder} may import only ${below.length > 0 ? `src/main/{${below.join(',')}} and ` : ''}src/shared (eslint.config.js: the direction inside src/main).`,
      },
    ],
  );
}

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.test-worker.ts', '**/*.test-child.ts', '**/test-support/**'];

function forbid(...groups) {
  return [
    'error',
    { paths: groups.flatMap((group) => group.paths), patterns: groups.flatMap((group) => group.patterns) },
  ];
}

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

/** The connection methods only src/main/store calls; matched by name, since lint sees no types. */
const STORE_ONLY_METHODS = ['prepare', 'pragma', 'transaction'];

export default defineConfig(
  { ignores: ['out/', 'dist/', 'node_modules/', 'models/', 'bench/reports/', 'e2e/artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Plain-Node scripts (npm run desktop) use Node's web globals too.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', AbortSignal: 'readonly' } },
  },
  // Later blocks replace no-restricted-imports for their files, so each lists all its groups.
  {
    files: ['src/**', 'bench/**', 'e2e/**', 'bin/**'],
    ignores: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': forbid(ELECTRON) },
  },
  ...LAYERS.flat().map((folder) => ({
    files: [`src/main/${folder}/**`],
    ignores: TEST_FILES,
    rules: { 'no-restricted-imports': folder === 'electron' ? forbid(layerRestriction(folder)) : forbid(ELECTRON, layerRestriction(folder)) },
  })),
  {
    // The one known exception: a training run starts its worker thread through jobs/worker-host. It goes
    // when training becomes a job of src/main/jobs (issue 10, "one job lifecycle"), which starts the worker.
    files: ['src/main/fusion/train-run.ts'],
    rules: { 'no-restricted-imports': forbid(ELECTRON) },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/store/**', ...TEST_FILES],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...STORE_ONLY_METHODS.map((name) => ({
          selector: `CallExpression[callee.property.name='${name}']`,
          message: `SQL lives in src/main/store, by table (STYLE.md rule 9): call a store method instead of ${name}() here, or add one there (statements prepared once per connection through store/statements.ts).`,
        })),
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': forbid(NODE_BUILTINS, CORE, NATIVE) },
  },
  {
    files: ['src/renderer/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': forbid(ELECTRON, NODE_BUILTINS, CORE, NATIVE) },
  },
  // React's rules of hooks: a hook called conditionally or with a stale dependency list is a bug.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/shared/**'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': forbid(ELECTRON, NODE_BUILTINS, CORE, NATIVE, REACT) },
  },
);

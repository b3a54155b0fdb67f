/**
 * Doyensec's Electronegativity over the app's sources, through its programmatic API: no finding of
 * severity MEDIUM or above may appear unless it is listed in ACCEPTED below with the reason. It scans all
 * of src/ as one app because its global checks join files: the window (src/main/electron), the preload
 * (src/preload) and the page's CSP <meta> (src/renderer/index.html); scanned alone, the preload "lacks"
 * the navigation limits and permission handler that window.ts sets. TypeScript sources rather than
 * out/: the tool cannot parse the bundles, and a finding then names our line.
 *
 * Offline: the AvailableSecurityFixes global check asks GitHub for Electron's release list, so it is
 * excluded (Electron's version is pinned in package.json and updated with it). The tool also fetches
 * message translations from S3 on every run; its i18n module is replaced below by one that sets up the
 * bundled English messages, so the test makes no network request at all.
 */
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/fixtures';

interface Finding {
  id: string;
  file: string;
  location: { line: number };
  description: string;
  severity: { value: number; name: string };
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

const require = createRequire(import.meta.url);
const toolMain = require.resolve('@doyensec/electronegativity');
const toolRequire = createRequire(toolMain);

/** Stands in for dist/locales/i18n.js: the same i18n set-up with the bundled locales, and no download. */
function offlineMessages(): void {
  const i18nModule = toolRequire.resolve('./locales/i18n');
  const i18n = toolRequire('i18n') as { configure(options: object): void; setLocale(locale: string): void };
  const setUp = (): Promise<void> => {
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nModule), updateFiles: false, objectNotation: true, retryInDefaultLocale: true, register: global });
    i18n.setLocale('en-US');
    return Promise.resolve();
  };
  const cached = new Module(i18nModule);
  cached.filename = i18nModule;
  cached.loaded = true;
  cached.exports = { __esModule: true, default: setUp };
  require.cache[i18nModule] = cached;
}

offlineMessages();
// CommonJS without type declarations: loaded through require and given the shape we use.
const run = require('@doyensec/electronegativity') as Run;

/** Findings the tool cannot judge from our code, each with why it does not apply. */
const ACCEPTED: Record<string, string> = {
  // It flags every preload for manual review. Ours (src/preload/index.ts) runs sandboxed with context
  // isolation and exposes only the typed client through contextBridge: three functions, no ipcRenderer,
  // no event objects (reviewed; the forwarding listener drops the IpcRendererEvent).
  PRELOAD_JS_CHECK: 'manual review of the preload: done, see the comment above',
};

const SEVERITY_MEDIUM = 2;

async function scan(): Promise<Finding[]> {
  const result = await run({
    input: join(REPO_ROOT, 'src'),
    electronVersionOverride: '41.0.0',
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    customScan: [],
    severitySet: 'informational',
    confidenceSet: 'tentative',
  });
  expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
  return result.issues;
}

describe('Electronegativity', () => {
  it('finds nothing of medium severity or above but the accepted', async () => {
    const findings = await scan();
    // The scan really ran over our sources: the preload notice it always raises is there.
    expect(findings.some((finding) => finding.id === 'PRELOAD_JS_CHECK')).toBe(true);
    const serious = findings.filter((finding) => finding.severity.value >= SEVERITY_MEDIUM && !(finding.id in ACCEPTED));
    expect(serious.map((f) => `${f.id} ${f.severity.name} ${f.file}:${f.location.line} ${f.description}`)).toEqual([]);
  }, 60_000);
});

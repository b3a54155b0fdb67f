/**
 * `npm run bench [-- import|models|pipeline|fusion|ui|proxy|review|fau|attribution|lint|runs|queue ...]`: runs the named benchmarks (all of them when none is
 * named), prints their figures beside the limits measured in the same run, and writes a JSON report to
 * bench/reports/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { benchFau, printFauBench } from './fau-bench';
import { benchAttribution, printAttributionBench } from './attribution-bench';
import { benchFusion } from './fusion-bench';
import { benchImport } from './import-bench';
import { benchLint, printLintBench } from './lint-bench';
import { benchModels } from './models-bench';
import { benchPipeline } from './pipeline-bench';
import { benchProxy, printProxyBench } from './proxy-bench';
import { benchQueue, printQueueBench } from './queue-bench';
import { benchReview, printReviewBench } from './review-bench';
import { benchRuns, printRunsBench } from './runs-bench';
import { benchUi } from './ui-bench';
import { LIMITS, printFusionBench, printImportBench, printModelsBench, printPipelineBench, printUiBench } from './print-benches';

/** Runs a bench, prints its figures, and hands the result on for the JSON report. */
function runAndPrint<T>(run: () => Promise<T>, print: (result: T) => void): () => Promise<T> {
  return async () => {
    const result = await run();
    print(result);
    return result;
  };
}

const BENCHES = {
  import: runAndPrint(benchImport, printImportBench),
  models: runAndPrint(() => benchModels(), printModelsBench),
  pipeline: runAndPrint(() => benchPipeline(), printPipelineBench),
  fusion: runAndPrint(() => benchFusion(), printFusionBench),
  ui: runAndPrint(() => benchUi(), printUiBench),
  proxy: runAndPrint(benchProxy, printProxyBench),
  review: runAndPrint(benchReview, printReviewBench),
  fau: runAndPrint(benchFau, printFauBench),
  attribution: runAndPrint(benchAttribution, printAttributionBench),
  lint: runAndPrint(benchLint, printLintBench),
  runs: runAndPrint(() => benchRuns(), printRunsBench),
  queue: runAndPrint(benchQueue, printQueueBench),
};
type BenchName = keyof typeof BENCHES;

const names = Object.keys(BENCHES) as BenchName[];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !names.includes(name as BenchName));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}: run "npm run bench -- ${names.join('|')}" (several may be named; none runs all).`);
  process.exit(2);
}
const selected = asked.length > 0 ? names.filter((name) => asked.includes(name)) : names;

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
console.log(`ViPER Workstation benchmarks — ${machine}\n`);

const results: Partial<Record<BenchName, unknown>> = {};
for (const name of selected) {
  results[name] = await BENCHES[name]();
  console.log('');
}

const reportDir = join(REPO_ROOT, 'bench', 'reports');
mkdirSync(reportDir, { recursive: true });
const reportPath = join(reportDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(reportPath, JSON.stringify({ machine, benches: selected, ...results, limits: LIMITS }, null, 2));
console.log(`report: ${reportPath}`);

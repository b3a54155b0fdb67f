/**
 * `npm run bench`: runs the benchmarks, prints their figures beside the limits measured in the same
 * run, and writes a JSON report to bench/reports/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { formatTable } from '../src/main/cli/output';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { benchImport } from './import-bench';

/** Import may cost at most this much more than ffmpeg alone doing the same probing and decoding. */
const IMPORT_OVERHEAD_LIMIT = 1.5;

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
console.log(`ViPER Workstation benchmarks — ${machine}\n`);

const imports = await benchImport();
console.log('import, per clip (median of 5; fresh database each time):');
console.log(
  formatTable(
    ['clip', 'viper import ms', 'ffmpeg alone ms', 'ratio', `within ${IMPORT_OVERHEAD_LIMIT}×`],
    imports.rows.map((r) => [r.clip, Math.round(r.importMs), Math.round(r.ffmpegAloneMs), Number(r.ratio.toFixed(2)), r.ratio <= IMPORT_OVERHEAD_LIMIT ? 'yes' : 'NO']),
  ),
);
const total = imports.rows.reduce((sum, r) => sum + r.importMs, 0);
const videoSeconds = imports.rows.reduce((sum, r) => sum + r.durationS, 0);
// Hume-Reaction: 25,067 clips of 11.6 s on average; projected from this run's rate per second of video.
const humeHours = ((total / videoSeconds) * 11.6 * 25_067) / 3_600_000;
console.log(`mean import ${(total / imports.rows.length).toFixed(0)} ms per clip, ${(total / videoSeconds).toFixed(0)} ms per second of video; peak RSS of this process ${imports.peakRssMb.toFixed(0)} MB`);
console.log(`projected import of Hume-Reaction (25,067 clips × 11.6 s) on this machine: ${humeHours.toFixed(1)} h`);
console.log(
  `32 frames of WolfgangLanger_Pexels.mp4: one select pass ${imports.seekVsSelect.selectMs.toFixed(0)} ms, 32 seeks ${imports.seekVsSelect.seeksMs.toFixed(0)} ms (${(imports.seekVsSelect.seeksMs / imports.seekVsSelect.selectMs).toFixed(1)}× slower)`,
);

const reportDir = join(REPO_ROOT, 'bench', 'reports');
mkdirSync(reportDir, { recursive: true });
const reportPath = join(reportDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(reportPath, JSON.stringify({ machine, imports, limits: { importOverhead: IMPORT_OVERHEAD_LIMIT } }, null, 2));
console.log(`\nreport: ${reportPath}`);

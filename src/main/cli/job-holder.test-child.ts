/**
 * A process that owns jobs on a real database and keeps them running until it is stopped: an import job and
 * a fusion run with its training job, started as the real code starts them (RunningJob, RunsStore).
 * Usage: node --import tsx job-holder.test-child.ts <database> <paths...>;
 * prints {pid, importJob, runId, trainJob} once the rows are written.
 */
import { RunsStore } from '../store/runs-store';
import { openStore } from '../store/database';
import { RunningJob } from '../store/running-job';

const [dbPath, ...paths] = process.argv.slice(2);
if (!dbPath || paths.length === 0) throw new Error('usage: job-holder.test-child.ts <database> <paths...>');
const db = openStore(dbPath);
const now = (): string => new Date().toISOString();
const importJob = RunningJob.start(db, 'import', { paths, annotator: 'gold', sampling: { frameCount: 32, method: 'paper' } }, paths.length, now);
importJob.progress(1, paths.length);
const runs = new RunsStore(db);
const runId = runs.create('perceiver', ['fau'], { options: { epochs: 5 } }, now());
const trainJob = RunningJob.start(db, 'train', { runId }, 5, now);
runs.update(runId, { jobId: trainJob.id });
process.stdout.write(`${JSON.stringify({ pid: process.pid, importJob: importJob.id, runId, trainJob: trainJob.id })}\n`);
// Runs until killed; SIGTERM ends it cleanly.
const keepAlive = setInterval(() => undefined, 60_000);
process.once('SIGTERM', () => {
  clearInterval(keepAlive);
  db.close();
});

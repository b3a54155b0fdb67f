/**
 * Worker-thread entry of the analysis job (pipeline/analysis/analysis-job.ts; see worker-host.ts): the job
 * stores what its analysis lanes (analysis-lanes.ts) compute, several clips at once.
 */
import type { ProgressEvent } from '../../shared/api';
import { runAnalysisJob, type AnalysisJobParams, type AnalysisReport } from '../pipeline/analysis/analysis-job';
import { openAnalysisLanes, planLanes } from './analysis-lanes';
import { serveWorkerJob } from './worker-side';

serveWorkerJob<AnalysisJobParams, AnalysisReport, ProgressEvent>(async (params, controls) => {
  // The lanes read the text-embedding cache from the job's database, which the job fills before any clip.
  const lanes = openAnalysisLanes({ modelsDir: params.modelsDir, textCache: params.dbPath, plan: planLanes(params.lanes) });
  try {
    return await runAnalysisJob(params, controls, lanes);
  } finally {
    await lanes.close();
  }
});

/** Worker-thread entry of the analysis job (pipeline/analysis/analysis-job.ts; see worker-host.ts). */
import type { ProgressEvent } from '../../shared/api';
import { runAnalysisJob, type AnalysisJobParams, type AnalysisReport } from '../pipeline/analysis/analysis-job';
import { serveWorkerJob } from './worker-side';

serveWorkerJob<AnalysisJobParams, AnalysisReport, ProgressEvent>(runAnalysisJob);

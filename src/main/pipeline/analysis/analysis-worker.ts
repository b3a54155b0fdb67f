/** Worker-thread entry of the analysis job (see jobs/worker-host.ts). */
import type { ProgressEvent } from '../../../shared/api';
import { serveWorkerJob } from '../../jobs/worker-side';
import { runAnalysisJob, type AnalysisJobParams, type AnalysisReport } from './analysis-job';

serveWorkerJob<AnalysisJobParams, AnalysisReport, ProgressEvent>(runAnalysisJob);

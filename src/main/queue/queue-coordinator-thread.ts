/** Worker-thread entry of `viper analyze --queue` (queued-analysis.ts), so Redis and SQLite work never holds up the caller's thread. */
import type { ProgressEvent } from '../../shared/api';
import type { AnalysisReport } from '../../shared/clips-api';
import { serveWorkerJob } from '../jobs/worker-side';
import { runQueuedAnalysis, type QueuedAnalysisParams } from './queued-analysis';

serveWorkerJob<QueuedAnalysisParams, AnalysisReport, ProgressEvent>(runQueuedAnalysis);

/** Stores an analyseClip result as the analysis job stores it (every modality, default protocol), for the pipeline bench's flows. */
import { MODALITIES } from '../src/shared/api';
import type { ClipAnalysis } from '../src/main/pipeline/analysis/analyse-clip';
import type { AnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import { writeClipAnalysis } from '../src/main/store/analysis-store';
import type { Db } from '../src/main/store/database';

export function storeBenchAnalysis(db: Db, clipId: number, models: AnalysisModels, result: ClipAnalysis): void {
  writeClipAnalysis(db, {
    clipId,
    signature: models.signature,
    modalities: MODALITIES,
    models: models.modelIds,
    providers: models.providers,
    facesFound: result.facesFound,
    frames: result.frames,
    parts: MODALITIES.map((m) => ({ modality: m, modelId: models.modelIds[m], dims: models.dims[m], data: result.parts[m] as Float32Array })),
    presence: result.presence,
    protocol: 'default',
    analysedAt: new Date().toISOString(),
  });
}

/**
 * Every action of the CLI's fusion commands, on the Analysis screen: train (with live curves, cancel,
 * resume, retrain from corrections), predict and evaluate the shown run, the ablation, and exports.
 * Each goes through the contract and is recorded as a job.
 */
import { useState } from 'react';
import type { Split } from '../../../../shared/emotions';
import type { RunInfo } from '../run-label';
import { AblationPanel } from './AblationPanel';
import { ExportPanel } from './ExportPanel';
import { RunActions } from './RunActions';
import { TrainPanel } from './TrainPanel';
import { DEFAULT_SETTINGS } from './train-settings';

interface Props {
  /** The run the screen shows, if any. */
  run: RunInfo | undefined;
  split: Split;
  onRunsChanged: () => void;
}

export function ActionsPanel({ run, split, onRunsChanged }: Props) {
  const [settings, setSettings] = useState(DEFAULT_SETTINGS);
  return (
    <details className="actions" open>
      <summary>Actions: train, predict, evaluate, ablate, export</summary>
      <TrainPanel settings={settings} onSettings={setSettings} onRunsChanged={onRunsChanged} />
      {run ? <RunActions key={run.id} run={run} split={split} onPredicted={onRunsChanged} /> : null}
      <AblationPanel settings={settings} onRunsChanged={onRunsChanged} />
      <ExportPanel run={run} />
    </details>
  );
}

/**
 * Where an export goes, by transport: the desktop app asks with its save dialog and the export is written
 * to the path chosen; under `viper serve` the export is kept by the server and the browser downloads it.
 */
import type { ApiInput, ApiOutput } from '../../../../shared/api';
import { invoke } from '../../api';
import { currentClient } from '../../client/current-client';

export type ExportRequest = Omit<Extract<ApiInput<'exports.create'>, { what: 'labels' }>, 'destination' | 'overwrite'> | Omit<Extract<ApiInput<'exports.create'>, { what: 'predictions' }>, 'destination' | 'overwrite'> | Omit<Extract<ApiInput<'exports.create'>, { what: 'features' }>, 'destination' | 'overwrite'>;

/** Runs the export; null when the user closed the save dialog. */
export async function exportTo(request: ExportRequest, suggestedName: string): Promise<ApiOutput<'exports.create'> | null> {
  const client = currentClient();
  const target = await client.chooseExportTarget(suggestedName);
  if (target === null) return null;
  // The save dialog has asked about replacing an existing file already.
  const result = await invoke('exports.create', target === 'download' ? request : { ...request, destination: target.path, overwrite: true });
  if (result.downloadId !== null) startDownload(client.downloadUrl(result.downloadId), result.fileName);
  return result;
}

function startDownload(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

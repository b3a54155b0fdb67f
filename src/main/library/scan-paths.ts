/** Expands the user's files and folders into the list of files to try importing. */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { ViperError, type ErrorInfo } from '../../shared/errors';

/** Files a folder search picks up: videos, plus stills so that they can be reported as not videos. */
const MEDIA_EXTENSIONS = new Set([
  '.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.wmv', '.flv', '.mpg', '.mpeg', '.mts', '.m2ts', '.ts', '.3gp', '.ogv',
  '.jpg', '.jpeg', '.png', '.bmp', '.gif', '.webp', '.tif', '.tiff',
]);

export function isMediaFileName(name: string): boolean {
  return MEDIA_EXTENSIONS.has(extname(name).toLowerCase());
}

export interface ScanResult {
  /** Absolute paths, in a stable order (as given; folder contents sorted). */
  files: string[];
  failed: ErrorInfo[];
}

export interface ScanOptions {
  /**
   * Folders the workstation writes itself (the library's playback copies, beside its database): never
   * searched, so importing a folder that holds the library does not import its own proxies as clips.
   */
  skipFolders?: readonly string[];
}

async function walk(folder: string, out: string[], failed: ErrorInfo[], skip: ReadonlySet<string>): Promise<void> {
  if (skip.has(folder)) return;
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    failed.push(new ViperError('media/unreadable', `${folder}: cannot list the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check its permissions.`, { subject: folder }).toInfo());
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await walk(path, out, failed, skip);
    // Symlinks and other entries are kept when they look like media, so a dangling link is reported, not skipped.
    else if (isMediaFileName(entry.name)) out.push(path);
  }
}

/**
 * Named files are always tried (whatever their extension, so a mislabelled file gets a clear
 * message); folders are searched recursively for media files, hidden entries and `skipFolders` skipped.
 */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const files: string[] = [];
  const failed: ErrorInfo[] = [];
  const skip = new Set((options.skipFolders ?? []).map((folder) => resolve(folder)));
  for (const given of paths) {
    const path = resolve(given);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failed.push(
        code === 'ENOENT'
          ? new ViperError('media/not-found', `${path}: no such file or folder. Check the path.`, { subject: path }).toInfo()
          : new ViperError('media/unreadable', `${path}: cannot read (${code ?? String(error)}). Check its permissions.`, { subject: path }).toInfo(),
      );
      continue;
    }
    if (info.isDirectory() && skip.has(path)) {
      failed.push(new ViperError('media/not-media', `${path}: holds this library's playback copies, which the workstation made from clips already imported; it is not imported. Import the original videos instead.`, { subject: path }).toInfo());
    } else if (info.isDirectory()) await walk(path, files, failed, skip);
    else files.push(path);
  }
  return { files: [...new Set(files)], failed };
}

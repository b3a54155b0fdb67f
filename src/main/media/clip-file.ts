/**
 * A clip's file is served only while it is the file imported. Each request stats the open file: size,
 * mtime, device and inode as recorded means it is. Any difference (a touch, a copy put back, a replaced
 * file) is settled by the content hash as at import: the same hash records the new identity and serves;
 * another, or no file, marks the clip "moved or changed" and refuses with media/changed or media/not-found.
 *
 * The stat is made on the open handle the bytes are then read from, so a path re-pointed between the check
 * and the read cannot slip another file in. A seeking <video> sends many range requests: after a hash that
 * matched, the stored identity matches again; after one that did not, the verdict is kept for that
 * identity, so each version of a file is hashed once, and requests arriving during a hash share it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isViperError, ViperError } from '../../shared/errors';
import { ClipFilesStore, type StoredFile } from '../store/clip-files-store';
import type { Db } from '../store/database';
import { hashOpenFile } from './content-hash';
import { identityOf, sameIdentity, type FileIdentity } from './file-identity';

export interface OpenClipFile {
  /** The caller owns it and must close it (a read stream made from it with autoClose does). */
  handle: FileHandle;
  sizeBytes: number;
}

const RELOCATE = 'Import it again from where it is now ("npx viper import <path>"): the same content keeps its id, labels and analysis.';

function missing(file: StoredFile, cause: unknown): ViperError {
  return new ViperError('media/not-found', `clip ${file.fileId}: its video ${file.path} is no longer there (moved or deleted since it was imported). ${RELOCATE}`, {
    subject: file.path,
    cause,
  });
}

function unreadable(file: StoredFile, code: string, cause: unknown): ViperError {
  return new ViperError('media/unreadable', `clip ${file.fileId}: its video ${file.path} cannot be read (${code}). Give your user read access to it (e.g. chmod a+r).`, {
    subject: file.path,
    cause,
  });
}

function changed(file: StoredFile): ViperError {
  return new ViperError(
    'media/changed',
    `clip ${file.fileId}: its video ${file.path} moved or changed since it was imported (another file is there now: its content is not the imported one, sha256 ${file.contentHash.slice(0, 12)}…). Put the original back, or relocate the clip by importing the original from where it is now ("npx viper import <path>"): the same content keeps its id, labels and analysis.`,
    { subject: file.path },
  );
}

const identityKey = (identity: FileIdentity): string => `${identity.dev}:${identity.ino}:${identity.sizeBytes}:${identity.mtimeMs}`;

const guards = new WeakMap<Db, ClipFiles>();

export class ClipFiles {
  /** Per clip: the identity last hashed and whether its content was the imported one. */
  private readonly verdicts = new Map<number, { key: string; same: Promise<boolean> }>();
  private readonly store: ClipFilesStore;

  private constructor(db: Db) {
    this.store = new ClipFilesStore(db);
  }

  /** One per connection, so the media route, the protocol and clips.get share the verdicts. */
  static of(db: Db): ClipFiles {
    let guard = guards.get(db);
    if (!guard) {
      guard = new ClipFiles(db);
      guards.set(db, guard);
    }
    return guard;
  }

  /** Opens the clip's file if it is the one imported; else records "moved or changed" and throws. */
  async open(file: StoredFile): Promise<OpenClipFile> {
    let handle: FileHandle;
    try {
      handle = await open(file.path, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw unreadable(file, code, error);
      // Anything but "not there" (EMFILE under load, EIO) says nothing about the file: not marked moved.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      this.store.setFileState(file.id, 'moved-or-changed');
      throw missing(file, error);
    }
    try {
      const stats = await handle.stat({ bigint: true });
      if (!stats.isFile()) throw missing(file, new Error('not a regular file'));
      const now = identityOf(stats);
      if (file.identity !== null && sameIdentity(now, file.identity)) {
        // Put back, or relocated by another process: the state follows.
        if (file.state !== 'ok') this.store.setFileState(file.id, 'ok');
      } else if (await this.sameContent(file, now, handle)) {
        this.store.recordFile(file.id, { path: file.path, importPath: file.importPath, identity: now });
      } else {
        throw changed(file);
      }
      return { handle, sizeBytes: now.sizeBytes };
    } catch (error) {
      await handle.close();
      if (isViperError(error)) this.store.setFileState(file.id, 'moved-or-changed');
      throw error;
    }
  }

  /** Why the clip's file cannot be served now (media/not-found, media/changed or media/unreadable), or null when it can. */
  async problem(file: StoredFile): Promise<ViperError | null> {
    try {
      await (await this.open(file)).handle.close();
      return null;
    } catch (error) {
      if (isViperError(error)) return error;
      throw error;
    }
  }

  private sameContent(file: StoredFile, now: FileIdentity, handle: FileHandle): Promise<boolean> {
    const key = identityKey(now);
    const known = this.verdicts.get(file.id);
    if (known?.key === key) return known.same;
    const same = hashOpenFile(handle).then((hash) => hash === file.contentHash);
    // A read that failed says nothing about the file: the next request hashes again.
    same.catch(() => this.verdicts.delete(file.id));
    this.verdicts.set(file.id, { key, same });
    return same;
  }
}

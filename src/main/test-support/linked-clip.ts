/**
 * A clip file reached through a symbolic link in a temporary folder, and the things a user does to it
 * behind the workstation's back: re-point the link, put another video in its place, touch it, move it.
 * The media tests of `viper serve` and of the desktop protocol run the same story through each.
 */
import { copyFileSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from './fixtures';

export interface LinkedClip {
  /** The link the clip is imported through: links/00042.mp4. */
  link: string;
  /** The file it pointed to at import: videos/take-1.mp4, a copy of single_face.mp4. */
  real: string;
  /** The imported content. */
  original: Buffer;
  /** The link now names another video (a copy of no_face.mp4); the real file is untouched. */
  repointLink(): void;
  /** Another video written over the real file, in place (same inode, new size and mtime). */
  replaceContent(): void;
  /** The original content put back in place. */
  restoreContent(): void;
  /** mtime an hour later, the same bytes. */
  touch(): void;
  /** The real file renamed into another folder; returns its new path. */
  moveAway(): string;
}

export function makeLinkedClip(tempDir: string): LinkedClip {
  // Resolved, so that the paths below are the real paths an import stores (a temp folder may sit behind a link).
  const dir = realpathSync(tempDir);
  const [links, videos, moved] = ['links', 'videos', 'moved'].map((name) => join(dir, name)) as [string, string, string];
  for (const folder of [links, videos, moved]) mkdirSync(folder);
  const real = join(videos, 'take-1.mp4');
  const other = join(videos, 'take-2.mp4');
  copyFileSync(fixture('single_face.mp4'), real);
  copyFileSync(fixture('no_face.mp4'), other);
  const link = join(links, '00042.mp4');
  symlinkSync(real, link);
  const original = readFileSync(real);
  // Truncates and rewrites the file: the inode stays, so only size, mtime and the hash tell.
  const overwrite = (bytes: Buffer): void => writeFileSync(real, bytes);
  return {
    link,
    real,
    original,
    repointLink: () => {
      unlinkSync(link);
      symlinkSync(other, link);
    },
    replaceContent: () => overwrite(readFileSync(fixture('WolfgangLanger_Pexels.mp4'))),
    restoreContent: () => overwrite(original),
    touch: () => {
      const { atime, mtimeMs } = statSync(real);
      utimesSync(real, atime, new Date(mtimeMs + 3_600_000));
    },
    moveAway: () => {
      const to = join(moved, 'take-1.mp4');
      renameSync(real, to);
      return to;
    },
  };
}

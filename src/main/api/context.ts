/** What every handler gets: the open store, the media tools, who is acting, and the call's controls. */
import { userInfo } from 'node:os';
import type { ProgressEvent } from '../../shared/api';
import { findMediaTools, mediaTools, type MediaTools } from '../media/media-tools';
import { openStore, type Db } from '../store/database';

export interface ApiContext {
  /** Opened on first use, so calls that never touch the store (models.*) create no database file. */
  readonly db: Db;
  dbPath: string;
  /** Located lazily: listing clips must work on a machine without ffmpeg. */
  tools: () => Promise<MediaTools>;
  /** Closes the database if it was opened. */
  close(): void;
  /** Recorded as the author of label edits. */
  actor: string;
  now: () => string;
}

/** Per call: cancellation and progress, supplied by the transport. */
export interface CallControls {
  signal?: AbortSignal | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export function defaultActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIPER_USER) return env.VIPER_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface CreateContextOptions {
  actor?: string | undefined;
  /** Environment for locating ffmpeg; the process's by default. */
  env?: NodeJS.ProcessEnv;
  /** The clock recorded with edits and jobs (ISO 8601); the wall clock by default. */
  now?: () => string;
}

export function createApiContext(dbPath: string, options: CreateContextOptions = {}): ApiContext {
  let db: Db | undefined;
  const env = options.env;
  return {
    get db(): Db {
      db ??= openStore(dbPath);
      return db;
    },
    close() {
      db?.close();
      db = undefined;
    },
    dbPath,
    tools: env ? () => findMediaTools(env) : mediaTools,
    actor: options.actor ?? defaultActor(),
    now: options.now ?? (() => new Date().toISOString()),
  };
}

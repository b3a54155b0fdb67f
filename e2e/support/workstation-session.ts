/**
 * The set-up most browser tests share: the page built, a fresh database in a temp folder (optionally
 * seeded before the server opens it), the real `viper serve` on it, and Debian's Chromium. One close()
 * stops all three in reverse order, tolerating a set-up that failed halfway.
 */
import { join } from 'node:path';
import { makeTempDir } from '../../src/main/test-support/fixtures';
import { launchChromium } from './browser';
import { ensureRendererBuilt, startViperServe, type ServeProcess } from './viper-serve';

export interface WorkstationSession {
  dbPath: string;
  serve: ServeProcess;
  browser: Awaited<ReturnType<typeof launchChromium>>;
  close(): Promise<void>;
}

export async function startWorkstationSession(options: { tempPrefix: string; user: string; seed?: (dbPath: string) => void | Promise<void> }): Promise<WorkstationSession> {
  ensureRendererBuilt();
  const temp = makeTempDir(options.tempPrefix);
  const dbPath = join(temp.dir, 'viper.db');
  let serve: ServeProcess | undefined;
  let browser: WorkstationSession['browser'] | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await serve?.stop();
    temp.cleanup();
  };
  try {
    await options.seed?.(dbPath);
    serve = await startViperServe(dbPath, options.user);
    browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  return { dbPath, serve, browser, close };
}

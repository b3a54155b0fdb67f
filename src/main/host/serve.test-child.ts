/**
 * A `viper serve` host in a child process of its own, for tests that need what only a process has: its
 * own descriptor limit (`ulimit -n`), its own /proc/<pid>/fd, an exit the test can see.
 * Usage: node --import tsx serve.test-child.ts <database> <renderer folder>; prints {origin, token}.
 */
import { createApiContext } from '../api/context';
import { startHost } from './server';

const [dbPath, rendererDir] = process.argv.slice(2);
if (!dbPath || !rendererDir) throw new Error('usage: serve.test-child.ts <database> <renderer folder>');
const ctx = createApiContext(dbPath, { actor: 'tester' });
const host = await startHost({ ctx, rendererDir });
process.stdout.write(`${JSON.stringify({ origin: host.origin, token: host.token })}\n`);
process.once('SIGTERM', () => {
  void host.close().then(() => {
    ctx.close();
    process.exit(0);
  });
});

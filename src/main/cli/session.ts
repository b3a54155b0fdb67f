/** Opens the API context for one CLI command from the global options, and closes it after. */
import { createApiContext, type ApiContext } from '../api/context';
import { resolveDbPath } from '../store/data-dir';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  user?: string;
}

export async function withContext<T>(options: GlobalOptions, run: (ctx: ApiContext) => Promise<T>): Promise<T> {
  const ctx = createApiContext(resolveDbPath(options.db), { actor: options.user });
  try {
    return await run(ctx);
  } finally {
    ctx.close();
  }
}

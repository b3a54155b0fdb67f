/**
 * The `viper` executable's composition root (bin/viper.js runs it): the CLI adapter, handed the HTTP host
 * that `viper serve` and `viper open` start. The one file that joins the two sibling adapters, which may
 * not import each other (eslint.config.js: the direction inside src/main).
 */
import { main } from './cli/main';
import { builtRendererDir } from './host/renderer-dir';
import { startHost } from './host/server';

export function runViper(argv: readonly string[]): Promise<number> {
  return main(argv, { serve: (ctx, port) => startHost({ ctx, rendererDir: builtRendererDir(), port }) });
}

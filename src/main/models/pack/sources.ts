/** Where a pack model's source files are: inside the npm package that ships them, found from node_modules. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ViperError } from '../../../shared/errors';
import type { PackModelSpec } from './default-pack';

const require = createRequire(import.meta.url);

/**
 * The package's folder. Looked up along Node's module paths rather than with require.resolve, because
 * some packages (Human) do not export their package.json.
 */
export function packageDir(npmPackage: string): string {
  for (const base of require.resolve.paths(npmPackage) ?? []) {
    const dir = join(base, npmPackage);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new ViperError('models/missing', `the npm package ${npmPackage} is not installed. Run "npm ci" to install it.`, { subject: npmPackage });
}

export function packageVersion(npmPackage: string): string {
  return (require(join(packageDir(npmPackage), 'package.json')) as { version: string }).version;
}

/** The source file of a pack model (model.json or the .onnx), as an absolute path. */
export function resolvePackSource(spec: PackModelSpec): string {
  return join(packageDir(spec.source.npmPackage), spec.source.file);
}

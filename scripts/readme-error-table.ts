/** `npm run readme:errors`: rewrites README.md's error table from src/shared/errors.ts after a code is added. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withErrorTable } from '../src/shared/error-table-markdown';

const path = join(import.meta.dirname, '..', 'README.md');
writeFileSync(path, withErrorTable(readFileSync(path, 'utf8')));
process.stdout.write('README.md: error table rewritten from src/shared/errors.ts\n');

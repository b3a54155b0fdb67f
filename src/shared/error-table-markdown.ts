/** The README's "Errors and exit codes" table, rendered from the one error table (errors.ts). */
import { ERROR_CODES, ERROR_KINDS, errorKind, type ErrorKind } from './errors';

export const ERROR_TABLE_HEADER = '| kind | exit code | HTTP status | what it means | codes |';

export function errorTableMarkdown(): string {
  const rows = (Object.keys(ERROR_KINDS) as ErrorKind[]).map((kind) => {
    const { exitCode, httpStatus, meaning } = ERROR_KINDS[kind];
    const codes = ERROR_CODES.filter((code) => errorKind(code) === kind);
    return `| ${kind} | ${exitCode} | ${httpStatus} | ${meaning} | ${codes.map((code) => `\`${code}\``).join(', ')} |`;
  });
  return [ERROR_TABLE_HEADER, '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** README.md's text with its error table replaced by the current one (`npm run readme:errors`). */
export function withErrorTable(readme: string): string {
  const start = readme.indexOf(ERROR_TABLE_HEADER);
  if (start < 0) throw new Error(`README.md has no error table (a line "${ERROR_TABLE_HEADER}")`);
  const end = readme.indexOf('\n\n', start);
  return readme.slice(0, start) + errorTableMarkdown() + readme.slice(end);
}

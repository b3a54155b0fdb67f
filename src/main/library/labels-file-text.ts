/**
 * A labels file's bytes as text. Excel's "Unicode Text" and PowerShell's default redirection write
 * UTF-16, which a UTF-8 reader turns into one NUL-riddled column; such files (with or without a byte
 * order mark) and files in another 8-bit encoding are refused with how to re-save them.
 */
import { ViperError } from '../../shared/errors';

const SAVE_AS_UTF8 = 'Save it again as "CSV UTF-8 (comma delimited)" (Excel) or with encoding UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`), then import that file.';

/** Without a BOM, UTF-16 text of ASCII characters has a NUL in every other byte; UTF-8 text has none. */
function looksLikeUtf16(bytes: Uint8Array): 'LE' | 'BE' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'BE';
  const head = bytes.subarray(0, 512);
  let evenNuls = 0;
  let oddNuls = 0;
  head.forEach((byte, i) => {
    if (byte !== 0) return;
    if (i % 2 === 0) evenNuls += 1;
    else oddNuls += 1;
  });
  const pairs = Math.floor(head.length / 2);
  if (pairs === 0) return null;
  if (oddNuls > pairs * 0.4) return 'LE';
  if (evenNuls > pairs * 0.4) return 'BE';
  return null;
}

export function decodeLabelsFile(bytes: Uint8Array, file: string): string {
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) throw new ViperError('labels/wrong-encoding', `${file}: the file is UTF-16 (${utf16 === 'LE' ? 'little' : 'big'}-endian) text, but labels are read as UTF-8. ${SAVE_AS_UTF8}`, { subject: file });
  if (bytes.includes(0)) throw new ViperError('labels/wrong-encoding', `${file}: the file holds NUL bytes, so it is not a text CSV. ${SAVE_AS_UTF8}`, { subject: file });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ViperError('labels/wrong-encoding', `${file}: the file is not valid UTF-8 (perhaps Latin-1 or Windows-1252). ${SAVE_AS_UTF8}`, { subject: file, cause: error });
  }
}

import { migration001 } from './001-clips';
import { migration002 } from './002-labels';
import { migration003 } from './003-frames';
import { migration004 } from './004-features';
import { migration005 } from './005-fusion';
import { migration006 } from './006-jobs';
import { migration007 } from './007-analysis';
import { migration008 } from './008-fusion-runs';
import { migration009 } from './009-analyses';
import { migration013 } from './013-playback-proxies';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** In order; `version` equals the position + 1, which migrate() checks. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  // 10, 11 and 12 are other branches' (not merged here yet). These empty steps keep the numbering so that
  // 013 is applied as version 13; the merge replaces them with the real 010, 011 and 012.
  { version: 10, name: 'reserved-010', up: '' },
  { version: 11, name: 'reserved-011', up: '' },
  { version: 12, name: 'reserved-012', up: '' },
  migration013,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

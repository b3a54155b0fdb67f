import { migration001 } from './001-clips';
import { migration002 } from './002-labels';
import { migration003 } from './003-frames';
import { migration004 } from './004-features';
import { migration005 } from './005-fusion';
import { migration006 } from './006-jobs';
import { migration007 } from './007-analysis';
import { migration008 } from './008-fusion-runs';
import { migration009 } from './009-analyses';
import { migration010 } from './010-job-owners';
import { migration011 } from './011-clip-sources';
import { migration012 } from './012-clip-identity';
import { migration013 } from './013-playback-proxies';
import { migration014 } from './014-job-cancel';
import { migration015 } from './015-clip-waveforms';
import { migration016 } from './016-frame-thumbnails';
import { migration017 } from './017-analysis-protocol';
import { migration018 } from './018-fau-mask';
import { migration019 } from './019-prediction-attribution';
import { migration020 } from './020-run-names-uncertainty';
import { migration021 } from './021-clip-probes';
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
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

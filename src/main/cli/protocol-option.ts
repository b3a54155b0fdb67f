/**
 * `--protocol default|authors-code`, shared by import, analyze, train and ablate. On import the profile
 * decides the sampling, so `--sampling` is its older spelling for that one part: both may be given only
 * when they agree.
 */
import { PROTOCOLS, protocolSchema, type Protocol } from '../../shared/common-schemas';
import type { SamplingOptions } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { choiceOption } from './command-options';

export const protocolOption = choiceOption(
  '--protocol <profile>',
  '"authors-code" reproduces the authors\' published code (their sampling arithmetic, faceless frames kept whole, failed FAU frames zero, no attention mask); see the README\'s Protocols',
  PROTOCOLS,
  protocolSchema.default('default'),
);

/** The sampling method an import uses: the profile's, or --sampling's when only that is given. */
export function samplingMethodOf(protocol: Protocol | undefined, sampling: SamplingOptions['method'] | undefined): SamplingOptions['method'] | undefined {
  const fromProtocol = protocol === undefined ? undefined : protocol === 'authors-code' ? 'authors-code' : 'paper';
  if (fromProtocol !== undefined && sampling !== undefined && sampling !== fromProtocol) {
    throw new ViperError('api/invalid-input', `--protocol ${protocol} samples with "${fromProtocol}", but --sampling ${sampling} was given too. Give one of them.`, { subject: '--sampling' });
  }
  return sampling ?? fromProtocol;
}

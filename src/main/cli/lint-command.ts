/** `viper lint [--split S] [--run R] [--threshold name=value]…`: gold labels that contradict the evidence, over labels.lint. */
import { InvalidArgumentError } from 'commander';
import { SPLITS } from '../../shared/emotions';
import { DEFAULT_LINT_THRESHOLDS, LINT_RULE_TEXT, LINT_THRESHOLD_NAMES, type LintReport, type LintThresholds } from '../../shared/lint-api';
import { choiceOption, numberOption, type OptionSpec } from './command-options';
import { defineCommand } from './define-command';
import { formatTable } from './output';

/** `--threshold residualZ=4 --threshold identicalClipsMin=20`: overrides by name, each a number. */
const thresholdOption: OptionSpec<Partial<LintThresholds> | undefined> = {
  flags: '--threshold <name=value>',
  description: `override one threshold (repeatable); names and defaults: ${LINT_THRESHOLD_NAMES.map((name) => `${name}=${DEFAULT_LINT_THRESHOLDS[name]}`).join(', ')}`,
  parse: (text, previous) => {
    const [name, value, ...rest] = text.split('=');
    const number = Number(value);
    if (!LINT_THRESHOLD_NAMES.includes(name as keyof LintThresholds) || rest.length > 0 || value === undefined || value.trim() === '' || !Number.isFinite(number) || number < 0) {
      throw new InvalidArgumentError(`"${text}": give name=value with a number ≥ 0 and one of ${LINT_THRESHOLD_NAMES.join(', ')}.`);
    }
    return { ...(previous as Partial<LintThresholds> | undefined), [name as keyof LintThresholds]: number };
  },
};

function printReport(report: LintReport): void {
  const where = report.split ? `${report.split} split` : 'all splits';
  process.stdout.write(`${report.flags.length} doubtful label(s) among ${report.clips} gold-labelled clips (${where})${report.runId === null ? '' : `, predictions of run ${report.runId}`}\n`);
  if (report.flags.length > 0) {
    process.stdout.write(
      `\n${formatTable(
        ['File_ID', 'clip', 'rule', 'labels of', 'reason'],
        report.flags.map((f) => [f.fileId, f.clipId, f.rule, f.annotator, f.reason]),
      )}\n`,
    );
    process.stdout.write('\nOpen a clip in review from the Library ("doubtful labels" filter) or at #/clip/<clip> in viper serve. No label was changed.\n');
  }
  process.stdout.write(
    `\n${formatTable(
      ['rule', 'checked', 'flagged', 'what it flags'],
      report.rules.map((r) => [r.rule, r.checked, r.skippedBecause ? '–' : r.flagged, r.skippedBecause ? `skipped: ${r.skippedBecause}` : LINT_RULE_TEXT[r.rule]]),
    )}\n`,
  );
}

export const lintCommand = defineCommand({
  name: 'lint',
  call: 'labels.lint',
  description: 'flag gold labels that contradict the evidence (no smile, no face, far from the model, an outlying annotator, repeated rows); changes nothing',
  options: {
    split: choiceOption('--split <split>', 'only the clips of this split (default every clip)', SPLITS, 'split'),
    run: numberOption('--run <id>', "the run whose predictions far-from-prediction compares with (default the latest trained run)", { min: 1 }),
    threshold: thresholdOption,
  },
  help: 'Thresholds and what each rule means: README.md, "Doubtful labels". Exit code 0 whether or not labels are flagged; 2 when the split has no gold labels.',
  toInput: (options) => ({ split: options.split, run: options.run, thresholds: options.threshold }),
  print: printReport,
});

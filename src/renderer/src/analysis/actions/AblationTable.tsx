/**
 * The ablation as the paper's Table 3: each modality combination trained here, Val and Test mean Pearson
 * with bootstrap 95 % intervals, beside the paper's dev / test figures (on its data, for reference).
 */
import type { ApiOutput } from '../../../../shared/api';

type Row = ApiOutput<'fusion.ablate'>['rows'][number];

const fixed = (value: number | null): string => (value === null ? '–' : value.toFixed(4));
const ci = (interval: Row['valInterval']): string => (interval ? `${interval.low.toFixed(3)} – ${interval.high.toFixed(3)}` : '–');

export function AblationTable({ rows }: { rows: readonly Row[] }) {
  return (
    <table className="plain ablation" aria-label="ablation beside the paper's Table 3">
      <thead>
        <tr>
          <th>Modalities</th>
          <th>Run</th>
          <th>Val mean r</th>
          <th>Val 95 %</th>
          <th>Test mean r</th>
          <th>Test 95 %</th>
          <th>Paper dev</th>
          <th>Paper test</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <td>{row.label}</td>
            <td className="num">{row.runId ?? '–'}</td>
            <td className="num">{fixed(row.val)}</td>
            <td className="num">{ci(row.valInterval)}</td>
            <td className="num">{fixed(row.test)}</td>
            <td className="num">{ci(row.testInterval)}</td>
            <td className="num">{row.paper.val.toFixed(4)}</td>
            <td className="num">{row.paper.test.toFixed(4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The paper's 10×10 matrix of one emotion (rows: gold bins, columns: predicted bins, each row normalised),
 * drawn as SVG because recharts has no heat map. Each cell shows its value; clicking it selects its clips.
 */
interface Props {
  emotion: string;
  rowNormalised: readonly (readonly number[])[];
  counts: readonly (readonly number[])[];
  onSelect: (goldBin: number, predictedBin: number) => void;
}

const CELL = 30;
const AXIS = 34;

export const binLabel = (bin: number): string => `${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}`;

export function ConfusionHeatmap({ emotion, rowNormalised, counts, onSelect }: Props) {
  const size = AXIS + CELL * rowNormalised.length;
  return (
    <figure className="chart">
      <svg width={size} height={size + 16} role="grid" aria-label={`${emotion} confusion matrix`}>
        {rowNormalised.map((row, g) =>
          row.map((value, p) => {
            const n = counts[g]?.[p] ?? 0;
            return (
              <g
                key={`${g}-${p}`}
                role="gridcell"
                aria-label={`gold ${binLabel(g)}, predicted ${binLabel(p)}: ${value.toFixed(2)} (${n} clips)`}
                className={n > 0 ? 'cell clickable' : 'cell'}
                onClick={() => n > 0 && onSelect(g, p)}
              >
                {/* Gold bin 0 at the bottom, as the paper draws it. */}
                <rect x={AXIS + p * CELL} y={(rowNormalised.length - 1 - g) * CELL} width={CELL - 1} height={CELL - 1} fill={`rgba(29, 78, 160, ${value})`} stroke="#dde1e8" />
                <text x={AXIS + p * CELL + CELL / 2} y={(rowNormalised.length - 1 - g) * CELL + CELL / 2 + 4} textAnchor="middle" fontSize={9} fill={value > 0.5 ? '#fff' : '#1d2330'}>
                  {value === 0 ? '' : value.toFixed(2)}
                </text>
              </g>
            );
          }),
        )}
        <text x={AXIS + (CELL * rowNormalised.length) / 2} y={size + 12} textAnchor="middle" fontSize={11}>
          predicted bin (0 → 1)
        </text>
        <text x={12} y={(CELL * rowNormalised.length) / 2} textAnchor="middle" fontSize={11} transform={`rotate(-90 12 ${(CELL * rowNormalised.length) / 2})`}>
          gold bin (0 → 1)
        </text>
      </svg>
      <figcaption className="muted">{emotion}: each gold row normalised to 1</figcaption>
    </figure>
  );
}

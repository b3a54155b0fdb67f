/**
 * The paper's 10×10 matrix of one emotion (rows: gold bins, columns: predicted bins, each row normalised),
 * drawn as SVG because recharts has no heat map. Gold 0.0 is the top row, as `viper evaluate` prints it;
 * both axes carry their bins as tick labels; each cell shows its value in 11 px text and names its bins and
 * clip count on hover; clicking it selects its clips.
 */
interface Props {
  emotion: string;
  rowNormalised: readonly (readonly number[])[];
  counts: readonly (readonly number[])[];
  onSelect: (goldBin: number, predictedBin: number) => void;
}

const CELL = 36;
/** Room left of the cells for the axis title and the gold ticks, and above them for nothing but air. */
const LEFT = 58;
const TOP = 4;
const TICK_FONT = 11;
const CELL_FONT = 11;

export const binLabel = (bin: number): string => `${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}`;

export function ConfusionHeatmap({ emotion, rowNormalised, counts, onSelect }: Props) {
  const bins = rowNormalised.length;
  const side = CELL * bins;
  return (
    <figure className="chart">
      <svg width={LEFT + side + 4} height={TOP + side + 40} role="grid" aria-label={`${emotion} confusion matrix`}>
        {rowNormalised.map((row, g) =>
          row.map((value, p) => {
            const n = counts[g]?.[p] ?? 0;
            const label = `gold ${binLabel(g)}, predicted ${binLabel(p)}: ${value.toFixed(2)} (${n} clips)`;
            return (
              <g key={`${g}-${p}`} role="gridcell" aria-label={label} className={n > 0 ? 'cell clickable' : 'cell'} onClick={() => n > 0 && onSelect(g, p)}>
                <title>{label}</title>
                <rect x={LEFT + p * CELL} y={TOP + g * CELL} width={CELL - 1} height={CELL - 1} fill={`rgba(29, 78, 160, ${value})`} stroke="#dde1e8" />
                <text x={LEFT + p * CELL + CELL / 2} y={TOP + g * CELL + CELL / 2 + 4} textAnchor="middle" fontSize={CELL_FONT} fill={value > 0.5 ? '#fff' : '#1d2330'}>
                  {value === 0 ? '' : value.toFixed(2)}
                </text>
              </g>
            );
          }),
        )}
        <g className="ticks" aria-label="gold bin ticks">
          {rowNormalised.map((_, g) => (
            <text key={g} x={LEFT - 4} y={TOP + g * CELL + CELL / 2 + 4} textAnchor="end" fontSize={TICK_FONT}>
              {(g / 10).toFixed(1)}
            </text>
          ))}
        </g>
        <g className="ticks" aria-label="predicted bin ticks">
          {rowNormalised.map((_, p) => (
            <text key={p} x={LEFT + p * CELL + CELL / 2} y={TOP + side + 14} textAnchor="middle" fontSize={TICK_FONT}>
              {(p / 10).toFixed(1)}
            </text>
          ))}
        </g>
        <text x={LEFT + side / 2} y={TOP + side + 32} textAnchor="middle" fontSize={TICK_FONT}>
          predicted bin (lower bound)
        </text>
        <text x={14} y={TOP + side / 2} textAnchor="middle" fontSize={TICK_FONT} transform={`rotate(-90 14 ${TOP + side / 2})`}>
          gold bin (0.0 at the top)
        </text>
      </svg>
      <figcaption className="muted">{emotion}: each gold row normalised to 1; hover a cell for its clips</figcaption>
    </figure>
  );
}

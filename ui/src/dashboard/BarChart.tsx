/** A small horizontal bar chart in plain SVG (no script, no inline style). */
export type Bar = { label: string; value: number; display: string };

const ROW = 26;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 90;
const WIDTH = 520;

export function BarChart({ bars, title }: { bars: readonly Bar[]; title: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW + 4;
  return (
    <svg className="dash-chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {bars.map((b, i) => {
        const y = i * ROW + 2;
        const w = max > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot) : 0;
        return (
          <g key={`${b.label}-${i}`}>
            <text
              className="dash-chart-label"
              x={LABEL_WIDTH - 8}
              y={y + ROW / 2}
              textAnchor="end"
              dominantBaseline="middle"
            >
              {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
            </text>
            <rect className="dash-chart-bar" x={LABEL_WIDTH} y={y + 4} width={w} height={ROW - 8} rx={3}>
              <title>{`${b.label}: ${b.display}`}</title>
            </rect>
            <text className="dash-chart-value" x={LABEL_WIDTH + w + 6} y={y + ROW / 2} dominantBaseline="middle">
              {b.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

import type { Series, StackedBar } from '../dashboard/shape';

/** Colours of the aged-balance buckets, from not due (green) to the oldest (dark red); the palette repeats past it. */
export const BUCKET_COLORS = ['#5e9c6a', '#e6c35c', '#e09a48', '#d4683a', '#b3261e', '#7a1512', '#4d0c0a'];
const SERIES_COLORS = ['#0b5cad', '#b86e00', '#1e7b34', '#7a1fa2', '#b3261e'];

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  return (steps.find((s) => s * power >= value) ?? 10) * power;
}

/** Horizontal stacked bars (plain SVG): each segment says its key and value on hover; the legend names the keys. */
export function StackedBarChart({ title, keys, keyLabels, bars, format }: { title: string; keys: string[]; keyLabels?: Record<string, string>; bars: StackedBar[]; format: (v: number) => string }) {
  const rowHeight = 28;
  const labelWidth = 150;
  const width = 640;
  const chartWidth = width - labelWidth - 10;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.segments.reduce((s, x) => s + Math.max(0, x.value), 0))));
  const height = bars.length * rowHeight + 24;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%" preserveAspectRatio="xMinYMin meet">
        {bars.map((bar, row) => {
          let x = labelWidth;
          return (
            <g key={bar.label} transform={`translate(0 ${row * rowHeight})`}>
              <text x={labelWidth - 6} y={rowHeight / 2 + 4} textAnchor="end" fontSize="12">
                {bar.label}
              </text>
              {bar.segments.map((segment) => {
                const w = (Math.max(0, segment.value) / max) * chartWidth;
                const rect = (
                  <rect key={segment.key} x={x} y={4} width={w} height={rowHeight - 8} fill={BUCKET_COLORS[keys.indexOf(segment.key) % BUCKET_COLORS.length]} data-key={segment.key}>
                    <title>{`${bar.label} · ${keyLabels?.[segment.key] ?? segment.key}: ${format(segment.value)}${segment.count !== undefined ? ` (${segment.count})` : ''}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={bars.length * rowHeight} stroke="#8a96a3" />
        <text x={labelWidth} y={height - 6} fontSize="10" fill="#5b6773">
          0
        </text>
        <text x={width - 10} y={height - 6} fontSize="10" fill="#5b6773" textAnchor="end">
          {format(max)}
        </text>
      </svg>
      <figcaption className="legend">
        {keys.map((k, i) => (
          <span key={k}>
            <i style={{ background: BUCKET_COLORS[i % BUCKET_COLORS.length] }} aria-hidden="true" /> {keyLabels?.[k] ?? k}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Lines over dates (plain SVG); a missing value breaks the line; each point says its value on hover. */
export function LineChart({ title, series, labels, unit }: { title: string; series: Series[]; labels?: Record<string, string>; unit: string }) {
  const width = 640;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const xs = series[0]?.points.map((p) => p.x) ?? [];
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v !== null);
  const max = niceMax(Math.max(0, ...values));
  const px = (i: number) => left + (xs.length <= 1 ? 0 : (i / (xs.length - 1)) * (width - left - 30));
  const py = (v: number) => height - bottom - (Math.max(0, v) / max) * (height - bottom - 10);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} width="100%" preserveAspectRatio="xMinYMin meet">
        <line x1={left} x2={width - 30} y1={height - bottom} y2={height - bottom} stroke="#8a96a3" />
        <line x1={left} x2={left} y1={10} y2={height - bottom} stroke="#8a96a3" />
        <text x={left - 4} y={14} fontSize="10" textAnchor="end" fill="#5b6773">
          {max}
        </text>
        <text x={left - 4} y={height - bottom} fontSize="10" textAnchor="end" fill="#5b6773">
          0
        </text>
        {xs.map((x, i) => (
          <text key={x} x={px(i)} y={height - 10} fontSize="10" textAnchor="middle" fill="#5b6773">
            {x.slice(0, 7)}
          </text>
        ))}
        {series.map((s, k) => {
          const color = SERIES_COLORS[k % SERIES_COLORS.length];
          const segments: string[][] = [[]];
          s.points.forEach((p, i) => {
            if (p.y === null) segments.push([]);
            else segments[segments.length - 1].push(`${px(i)},${py(p.y)}`);
          });
          return (
            <g key={s.name} data-series={s.name}>
              {segments.filter((seg) => seg.length > 1).map((seg, i) => (
                <polyline key={i} points={seg.join(' ')} fill="none" stroke={color} strokeWidth={2} />
              ))}
              {s.points.map((p, i) =>
                p.y === null ? null : (
                  <circle key={p.x} cx={px(i)} cy={py(p.y)} r={3.5} fill={color}>
                    <title>{`${labels?.[s.name] ?? s.name} ${p.x}: ${p.y} ${unit}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s, k) => (
          <span key={s.name}>
            <i style={{ background: SERIES_COLORS[k % SERIES_COLORS.length] }} aria-hidden="true" /> {labels?.[s.name] ?? s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Simple horizontal bars with their value written beside them. */
export function BarList({ title, items, format }: { title: string; items: { label: string; value: number; hint?: string }[]; format: (v: number) => string }) {
  const max = Math.max(0, ...items.map((i) => i.value)) || 1;
  return (
    <ul className="bar-list" aria-label={title}>
      {items.map((item) => (
        <li key={item.label} title={item.hint}>
          <span className="bar-label">{item.label}</span>
          <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" className="bar">
            <rect x={0} y={0} width={(Math.max(0, item.value) / max) * 100} height={10} fill="#0b5cad" />
          </svg>
          <span className="bar-value">{format(item.value)}</span>
        </li>
      ))}
    </ul>
  );
}

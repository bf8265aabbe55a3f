// The weekly-active-users trend of one account row. A tiny inline SVG, not chart.js: a chart.js instance
// (canvas, animation loop, resize observer) per row of a list of up to hundreds of rows is heavy for a
// 96 × 24 px line without axes or tooltips, and an SVG with role="img" carries its numbers as text.
import { sparklineLabel, sparklinePoints } from '../accounts';

const WIDTH = 96;
const HEIGHT = 24;

export function Sparkline({ values, firstWeek }: { values: number[]; firstWeek?: string }) {
  const points = sparklinePoints(values, WIDTH, HEIGHT, 2);
  const last = points.split(' ').at(-1)?.split(',');
  return (
    <svg
      className="pbd-sparkline"
      role="img"
      aria-label={sparklineLabel(values, firstWeek)}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      data-values={values.join(' ')}
    >
      {points ? <polyline points={points} fill="none" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" /> : null}
      {last && last.length === 2 ? <circle cx={last[0]} cy={last[1]} r="2" /> : null}
    </svg>
  );
}

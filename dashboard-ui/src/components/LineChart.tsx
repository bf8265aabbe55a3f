// The main graph: chart.js with only the parts a line chart needs. The canvas is an image to assistive
// technology (role="img" + a label); the table toggle gives the same points as text.
import {
  CategoryScale, Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip,
  type ChartConfiguration, type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';

let registered = false;

function registerChartParts(): void {
  if (registered) return;
  Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Filler, Legend);
  registered = true;
}

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** Per-point labels for the tooltip when they differ from the x axis (the previous period's dates). */
  pointLabels?: string[];
  dashed?: boolean;
}

interface LineChartProps {
  labels: string[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  ariaLabel: string;
}

interface Theme {
  accent: string;
  accentFill: string;
  previous: string;
  text: string;
  muted: string;
  grid: string;
}

/** Colours come from the root's CSS custom properties, so light/dark follow the stylesheet. */
function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: read('--pbd-chart-line', '#0969da'),
    accentFill: read('--pbd-chart-fill', 'rgba(9, 105, 218, 0.12)'),
    previous: read('--pbd-chart-previous', '#6e7781'),
    text: read('--pbd-text', '#1f2328'),
    muted: read('--pbd-muted', '#59636e'),
    grid: read('--pbd-grid', '#e6e8eb'),
  };
}

function datasets(series: ChartSeries[], theme: Theme): ChartDataset<'line', Array<number | null>>[] {
  return series.map((s) => ({
    label: s.label,
    data: s.values,
    borderColor: s.dashed ? theme.previous : theme.accent,
    backgroundColor: s.dashed ? theme.previous : theme.accentFill,
    borderDash: s.dashed ? [6, 4] : [],
    borderWidth: 2,
    fill: s.dashed ? false : 'origin',
    pointRadius: s.values.length > 60 ? 0 : 2,
    pointHoverRadius: 4,
    tension: 0.25,
    spanGaps: false,
  }));
}

export function LineChart({ labels, series, formatValue, ariaLabel }: LineChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', Array<number | null>, string> | null>(null);
  const latest = useRef({ series, formatValue });
  latest.current = { series, formatValue };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    registerChartParts();
    const theme = readTheme(canvas);
    const config: ChartConfiguration<'line', Array<number | null>, string> = {
      type: 'line',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { labels: { color: theme.text, boxHeight: 2 } },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const s = latest.current.series[ctx.datasetIndex];
                const at = s?.pointLabels?.[ctx.dataIndex];
                const value = ctx.parsed.y == null ? '–' : latest.current.formatValue(ctx.parsed.y);
                return `${ctx.dataset.label}${at ? ` (${at})` : ''}: ${value}`;
              },
            },
          },
        },
        scales: {
          x: { ticks: { color: theme.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } },
          y: {
            beginAtZero: true,
            ticks: { color: theme.muted, maxTicksLimit: 6, callback: (v) => latest.current.formatValue(Number(v)) },
            grid: { color: theme.grid },
          },
        },
      },
    };
    const chart = new Chart(canvas, config);
    chartRef.current = chart;

    // Follow a light/dark switch of the system while the view is open.
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onScheme = (): void => {
      const t = readTheme(canvas);
      chart.data.datasets = datasets(latest.current.series, t);
      const { x, y } = chart.options.scales ?? {};
      if (x?.ticks) x.ticks.color = t.muted;
      if (y?.ticks) y.ticks.color = t.muted;
      if (y?.grid) y.grid.color = t.grid;
      if (chart.options.plugins?.legend?.labels) chart.options.plugins.legend.labels.color = t.text;
      chart.update('none');
    };
    media?.addEventListener?.('change', onScheme);
    return () => {
      media?.removeEventListener?.('change', onScheme);
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    const canvas = canvasRef.current;
    if (!chart || !canvas) return;
    chart.data.labels = labels;
    chart.data.datasets = datasets(series, readTheme(canvas));
    if (chart.options.plugins?.legend) chart.options.plugins.legend.display = series.length > 1;
    chart.update('none');
  }, [labels, series]);

  return (
    <div className="pbd-chart">
      <canvas ref={canvasRef} role="img" aria-label={ariaLabel}>
        {ariaLabel}
      </canvas>
    </div>
  );
}

import type { ColumnChart } from '@/lib/exercises/summarize-columns';

const WIDTH = 160;
const HEIGHT = 56;
const BAR_GAP = 1;

/** 1234.5678 → "1,235"; 0.012345 → "0.0123": short labels for axis ends and bar titles. */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.01 || abs >= 1e6)) return value.toExponential(2);
  return value.toLocaleString('en', { maximumSignificantDigits: abs < 1 ? 3 : 4 });
}

const plural = (count: number, word: string) => `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;

function Histogram({ chart }: { chart: Extract<ColumnChart, { kind: 'histogram' }> }) {
  const top = Math.max(...chart.bins.map((bin) => bin.count));
  const barWidth = WIDTH / chart.bins.length;
  const first = chart.bins[0]!;
  const last = chart.bins[chart.bins.length - 1]!;
  const label = `Histogram of ${chart.column}: ${chart.bins.length} bins from ${formatNumber(first.from)} to ${formatNumber(last.to)}, the fullest holding ${plural(top, 'row')}`;
  return (
    <>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="column-chart-svg" role="img" aria-label={label} preserveAspectRatio="none">
        {chart.bins.map((bin, i) => {
          const height = top === 0 ? 0 : Math.max(bin.count > 0 ? 1 : 0, (bin.count / top) * HEIGHT);
          return (
            <rect key={i} x={i * barWidth + BAR_GAP / 2} y={HEIGHT - height} width={barWidth - BAR_GAP} height={height} className="column-chart-bar">
              <title>{`${formatNumber(bin.from)} to ${formatNumber(bin.to)}: ${plural(bin.count, 'row')}`}</title>
            </rect>
          );
        })}
      </svg>
      <p className="column-chart-axis" aria-hidden="true">
        <span>{formatNumber(first.from)}</span>
        <span>{formatNumber(last.to)}</span>
      </p>
    </>
  );
}

function Categories({ chart }: { chart: Extract<ColumnChart, { kind: 'categories' }> }) {
  const rows = chart.others > 0 ? [...chart.bars, { label: `${chart.distinct - chart.bars.length} others`, count: chart.others }] : chart.bars;
  const top = Math.max(...rows.map((row) => row.count));
  return (
    <ul className="category-bars" aria-label={`Rows per value of ${chart.column}`}>
      {rows.map((row) => (
        <li key={row.label}>
          <span className="category-label" title={row.label}>
            {row.label}
          </span>
          <span className="category-track" aria-hidden="true">
            <span className="category-fill" style={{ width: `${(row.count / top) * 100}%` }} />
          </span>
          <span className="category-count">{row.count.toLocaleString('en')}</span>
        </li>
      ))}
    </ul>
  );
}

/** A small chart per column of a data file: histograms for numbers, bars for categories. */
export function DataCharts({ charts, file }: { charts: ColumnChart[]; file: string }) {
  if (charts.length === 0) return null;
  return (
    <details className="data-charts" open>
      <summary>Columns at a glance</summary>
      <ul className="column-charts" aria-label={`Charts of the columns of ${file}`}>
        {charts.map((chart) => (
          <li key={chart.column} className="column-chart" data-kind={chart.kind} data-column={chart.column}>
            <p className="column-chart-title">
              <code>{chart.column}</code>
              <span className="column-chart-kind">
                {chart.kind === 'histogram' ? 'numbers' : plural(chart.distinct, 'value')}
                {chart.missing > 0 && `, ${chart.missing.toLocaleString('en')} missing`}
              </span>
            </p>
            {chart.kind === 'histogram' ? <Histogram chart={chart} /> : <Categories chart={chart} />}
          </li>
        ))}
      </ul>
    </details>
  );
}

import type { DataPreview, PreviewCell } from '@/lib/exercises/preview-data-file';
import { DataCharts } from './data-charts';
import { TableIcon } from './icons';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Cell({ value }: { value: PreviewCell }) {
  if (value === null) return <td className="cell-null">null</td>;
  if (typeof value === 'number') return <td className="cell-number">{value}</td>;
  return <td>{String(value)}</td>;
}

/** Columns whose shown values are all numbers (or null) are right-aligned, header included. */
function numericColumns(rows: PreviewCell[][], width: number): boolean[] {
  return Array.from({ length: width }, (_, c) => {
    const values = rows.map((row) => row[c]).filter((value) => value !== null && value !== undefined);
    return values.length > 0 && values.every((value) => typeof value === 'number');
  });
}

/** The start of one data file: a table of its first rows, or a snippet of its text. */
export function DataPreviewView({ preview }: { preview: DataPreview }) {
  const headingId = `data-${preview.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const numeric = preview.kind === 'table' ? numericColumns(preview.rows, preview.columns.length) : [];
  return (
    <section className="data-preview" aria-labelledby={headingId}>
      <div className="data-preview-head">
        <h3 id={headingId} className="data-file-name">
          <TableIcon /> <code>{preview.name}</code>
        </h3>
        <p className="data-file-facts">
          {preview.kind === 'table' && (
            <>
              <span>
                {preview.totalRows.toLocaleString('en')} {preview.totalRows === 1 ? 'row' : 'rows'}
              </span>
              <span>
                {preview.columns.length} {preview.columns.length === 1 ? 'column' : 'columns'}
              </span>
            </>
          )}
          <span>{formatBytes(preview.bytes)}</span>
        </p>
      </div>
      {preview.kind === 'table' ? (
        <>
          <div className="table-scroll" role="region" aria-label={`First rows of ${preview.name}`} tabIndex={0}>
            <table className="data-table">
              <thead>
                <tr>
                  {preview.columns.map((column, c) => (
                    <th key={column} scope="col" className={numeric[c] ? 'cell-number' : undefined}>
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((value, c) => (
                      <Cell key={c} value={value} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.totalRows > preview.rows.length && (
            <p className="data-caption">
              First {preview.rows.length} of {preview.totalRows.toLocaleString('en')} rows.
            </p>
          )}
          <DataCharts charts={preview.charts} file={preview.name} />
        </>
      ) : (
        <>
          {preview.note && <p className="data-caption">{preview.note}</p>}
          <pre className="data-snippet" tabIndex={0}>
            <code>{preview.text}</code>
          </pre>
          {preview.truncated && <p className="data-caption">Showing the start of the file.</p>}
        </>
      )}
    </section>
  );
}

import Papa from 'papaparse';

export type CsvRow = Record<string, string | number | null>;

/** CSV text with a header row → one object per row; numbers typed, empty cells null. */
export function parseCsv(text: string): CsvRow[] {
  const result = Papa.parse<Record<string, unknown>>(text.trim(), { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    throw new Error(`CSV row ${first.row ?? '?'}: ${first.message}`);
  }
  return result.data.map((row) => {
    const out: CsvRow = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = value === undefined || value === '' ? null : (value as string | number | null);
    }
    return out;
  });
}

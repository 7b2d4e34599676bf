import Papa from 'papaparse';

export type CsvRow = Record<string, string | number | null>;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell as data: empty → null, a decimal number → number, anything else (dates too) stays text. */
function typeCell(value: string | undefined): string | number | null {
  if (value === undefined || value === '') return null;
  return NUMBER.test(value.trim()) ? Number(value) : value;
}

/** CSV text with a header row → one object per row; numbers typed, empty cells null, dates and other text as strings. */
export function parseCsv(text: string): CsvRow[] {
  const result = Papa.parse<Record<string, string>>(text.trim(), { header: true, dynamicTyping: false, skipEmptyLines: true });
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    throw new Error(`CSV row ${first.row ?? '?'}: ${first.message}`);
  }
  return result.data.map((row) => {
    const out: CsvRow = {};
    for (const [key, value] of Object.entries(row)) out[key] = typeCell(value);
    return out;
  });
}

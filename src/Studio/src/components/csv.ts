/** A cell of an exported table: text, a number (written with a dot, no grouping, so spreadsheets read it) or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // RFC 4180: a field holding the separator, a quote or a line break is quoted, its quotes doubled.
  return /[",\r\n;]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV (comma-separated, CRLF line ends, header first). */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Offers the CSV as a download; the byte-order mark lets spreadsheet programs read accents as UTF-8. */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Splits one line of a delimited file into fields (quotes honoured), for previewing the first rows of an upload. */
export function parseCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === delimiter) {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

/** The delimiter a file most likely uses, from its header line: the most frequent of comma, semicolon and tab. */
export function guessDelimiter(headerLine: string): string {
  const candidates = [',', ';', '\t'];
  let best = ',';
  let bestCount = 0;
  for (const c of candidates) {
    const count = headerLine.split(c).length - 1;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

/** The header and the first rows of a delimited text (a preview; quoted line breaks are not supported here). */
export function previewRows(text: string, maxRows: number, delimiter?: string): { delimiter: string; header: string[]; rows: string[][] } {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) return { delimiter: delimiter ?? ',', header: [], rows: [] };
  const d = delimiter ?? guessDelimiter(lines[0]);
  return { delimiter: d, header: parseCsvLine(lines[0], d), rows: lines.slice(1, maxRows + 1).map((l) => parseCsvLine(l, d)) };
}

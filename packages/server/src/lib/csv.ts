/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a spreadsheet
 * would run as a formula (=, +, @) gets a leading apostrophe (CSV injection); imports drop it again.
 */
export function csvCell(value: string | number | boolean | null): string {
  const text =
    value === null ? '' : typeof value === 'string' && /^[=+@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A UTF-8 CSV file with a BOM (so Excel opens Chinese text correctly) and CRLF line ends. */
export function csvFile(lines: string[]): Buffer {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The cell text as written before `csvCell` neutralised a formula. */
export function uncsvText(text: string): string {
  return /^'[=+@\t\r]/.test(text) ? text.slice(1) : text;
}

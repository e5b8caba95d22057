/** Excel (.xlsx) export of a list: Chinese headers, one row per record, frozen header row. */
import ExcelJS from 'exceljs';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  /** Wrap the cell's text (multi-line cells such as a numbered list). */
  wrap?: boolean;
  value: (row: T) => string | number | boolean | null;
}

export interface XlsxSheet<T> {
  name: string;
  columns: XlsxColumn<T>[];
  rows: AsyncIterable<T> | Iterable<T>;
}

export async function writeXlsx<T>(
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: AsyncIterable<T>,
): Promise<Buffer> {
  return writeXlsxBook([{ name: sheetName, columns, rows }]);
}

/** Characters Excel refuses in a sheet name, which is at most 31 characters and unique in its book. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g;

/** One workbook, a sheet per entry, each laid out as `writeXlsx` lays out its one sheet. */
export async function writeXlsxBook<T>(sheets: XlsxSheet<T>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "宁安 Ning'an";
  const used = new Set<string>();
  for (const s of sheets) {
    const base = s.name.replace(BAD_SHEET_CHARS, '_').slice(0, 31) || 'Sheet';
    let name = base;
    for (let i = 2; used.has(name); i += 1) name = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width: c.width ?? 16,
      ...(c.wrap ? { style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for await (const row of s.rows) sheet.addRow(s.columns.map((c) => c.value(row)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

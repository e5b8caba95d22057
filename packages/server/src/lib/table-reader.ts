/**
 * Reads an uploaded spreadsheet (.xlsx, or CSV in UTF-8 with or without BOM) into header-keyed rows,
 * keeping each row's number as the user sees it in the sheet (the header is row 1).
 */
import ExcelJS from 'exceljs';

export interface TableRow {
  /** 1-based row number in the sheet. */
  row: number;
  cells: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

export class TableFormatError extends Error {}

function isXlsx(buffer: Buffer): boolean {
  return buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b; // "PK": a zip container
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new TableFormatError('CSV 引号未闭合');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result);
    return '';
  }
  return String(value);
}

export async function readTable(buffer: Buffer): Promise<Table> {
  let grid: { row: number; values: string[] }[];
  if (isXlsx(buffer)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer); // exceljs types predate Buffer<ArrayBufferLike>
    } catch {
      throw new TableFormatError('无法读取 Excel 文件（请使用 .xlsx 格式）');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new TableFormatError('Excel 文件中没有工作表');
    grid = [];
    // Read once: exceljs computes `columnCount` by walking every row (quadratic when read per cell).
    const columns = sheet.columnCount;
    sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const values: string[] = [];
      for (let c = 1; c <= columns; c += 1) values.push(cellText(r.getCell(c).value).trim());
      grid.push({ row: rowNumber, values });
    });
  } else {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    if (text.includes('\uFFFD')) throw new TableFormatError('CSV 须为 UTF-8 编码');
    grid = parseCsv(text).map((values, i) => ({ row: i + 1, values: values.map((v) => v.trim()) }));
  }
  const [header, ...body] = grid;
  if (!header) throw new TableFormatError('文件为空');
  const headers = header.values;
  return {
    headers,
    rows: body
      .filter((r) => r.values.some((v) => v !== ''))
      .map((r) => ({ row: r.row, cells: Object.fromEntries(headers.map((h, i) => [h, r.values[i] ?? ''])) })),
  };
}

/**
 * The situation report (态势报告, issue #6 part 8) as a Word document, rendered with `docx` from the stored
 * content: title, issue number, who compiled and approved it and when, the body as paragraphs, the figures.
 * Fonts as the duty room's other documents (command/documents.ts, GB/T 9704).
 */
import type { SitrepContent } from '@ningan/domain';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, TextRun } from 'docx';
import { chineseTime } from './documents.ts';

const BODY = '仿宋_GB2312';
const TITLE = '方正小标宋简体';
/** Half-points: 二号 22 pt, 三号 16 pt. */
const SIZE = { title: 44, body: 32 };

const run = (text: string, o: { font?: string; size?: number; bold?: boolean } = {}) =>
  new TextRun({ text, font: o.font ?? BODY, size: o.size ?? SIZE.body, bold: o.bold ?? false });

export interface SitrepDocumentInput {
  unitName: string;
  n: number;
  content: SitrepContent;
  compiledByName: string;
  compiledAt: Date;
  approvedByName: string | null;
  approvedAt: Date | null;
  publishedAt: Date | null;
}

export async function renderSitrepDocument(s: SitrepDocumentInput): Promise<Buffer> {
  const line = (label: string, value: string) =>
    new Paragraph({ children: [run(`${label}：`, { bold: true }), run(value)] });
  const figures = Object.entries(s.content.figures).map(([k, v]) => `${k} ${v}`);
  const doc = new Document({
    creator: '宁安应急管理平台',
    styles: { default: { document: { run: { font: BODY, size: SIZE.body } } } },
    sections: [
      {
        properties: {},
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(s.content.title, { font: TITLE, size: SIZE.title })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [run(`（第${s.n}期）`)],
          }),
          new Paragraph({
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 1 } },
          }),
          line('编制单位', s.unitName),
          line('编制', `${s.compiledByName} ${chineseTime(s.compiledAt)}`),
          line(
            '审核',
            s.approvedByName && s.approvedAt
              ? `${s.approvedByName} ${chineseTime(s.approvedAt)}`
              : '（未审核）',
          ),
          line('发布', s.publishedAt ? chineseTime(s.publishedAt) : '（未发布）'),
          ...s.content.body
            .split(/\r?\n/)
            .filter((p) => p.trim() !== '')
            .map(
              (p) =>
                new Paragraph({
                  indent: { firstLine: 640 },
                  spacing: { line: 560 },
                  children: [run(p.trim())],
                }),
            ),
          line('主要数字', figures.length ? figures.join('，') : '无'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * Word documents of the duty room (issue #6 parts 1 and 4), rendered with `docx` from what was stored, so a
 * re-download is the document as filed:
 * - a report (信息报送: 初报/续报/核报, 事故报告, 伤亡变化补报) in the usual layout — the title 宁县应急管理局 关于××的初报,
 *   报送单位 / 签发人 / 报送时间 / 版本, then the elements (时间、地点、单位、经过、伤亡、损失、措施、下一步), reporter and
 *   callback number;
 * - the daily duty report (值班日报): shifts, leader and officers, incidents received, reports filed, nil reports,
 *   the duty log and handovers.
 * Fonts follow 党政机关公文格式 (GB/T 9704): 方正小标宋简体 titles, 仿宋_GB2312 body, 黑体 headings; Word substitutes
 * them where they are not installed.
 */
import { formatBeijingIso, type ReportElements } from '@ningan/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const BODY = '仿宋_GB2312';
const TITLE = '方正小标宋简体';
const HEADING = '黑体';
/** Half-points: 三号 16 pt, 二号 22 pt, 四号 14 pt. */
const SIZE = { title: 44, body: 32, small: 28 };

/** `2026年3月2日 10时05分` (Beijing). */
export function chineseTime(at: Date): string {
  const iso = formatBeijingIso(at);
  const [y, m, d] = [iso.slice(0, 4), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  return `${y}年${m}月${d}日 ${iso.slice(11, 13)}时${iso.slice(14, 16)}分`;
}

export function chineseDate(day: string): string {
  return `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

const run = (text: string, o: { font?: string; size?: number; bold?: boolean } = {}) =>
  new TextRun({ text, font: o.font ?? BODY, size: o.size ?? SIZE.body, bold: o.bold ?? false });

const title = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    children: [run(text, { font: TITLE, size: SIZE.title })],
  });

const heading = (text: string) =>
  new Paragraph({ spacing: { before: 200, after: 80 }, children: [run(text, { font: HEADING })] });

/** A body paragraph, first line indented two characters; blank text shows 无. */
const para = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    children: [run(text.trim() === '' ? '无' : text)],
  });

const line = (label: string, value: string) =>
  new Paragraph({ children: [run(`${label}：`, { bold: true }), run(value)] });

const rule = () =>
  new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: 'C00000', space: 1 } } });

function table(header: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [run(text, { size: SIZE.small, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...(rows.length ? rows : [header.map((_, i) => (i === 0 ? '无' : ''))]).map(
        (r) => new TableRow({ children: r.map((c) => cell(c)) }),
      ),
    ],
  });
}

const pack = (children: (Paragraph | Table)[]) =>
  Packer.toBuffer(
    new Document({
      creator: '宁安应急管理平台',
      styles: { default: { document: { run: { font: BODY, size: SIZE.body } } } },
      sections: [{ properties: {}, children }],
    }),
  );

export interface ReportDocumentInput {
  /** 宁县应急管理局 */
  unitName: string;
  incidentTitle: string;
  /** 初报 / 续报（第2次） / 核报 / 事故报告 … */
  kindLabel: string;
  recipient: string;
  filedAt: Date;
  filedByName: string;
  version: number;
  content: ReportElements;
}

/** The report as a .docx (信息报送 layout). */
export async function renderReportDocument(r: ReportDocumentInput): Promise<Buffer> {
  const c = r.content;
  const k = c.casualties;
  return pack([
    title(r.unitName),
    title(`关于${r.incidentTitle}的${r.kindLabel}`),
    rule(),
    line('报送单位', r.unitName),
    line('签发人', c.issuer?.trim() || '（待签发）'),
    line('报送时间', chineseTime(r.filedAt)),
    line('报送对象', r.recipient),
    line('版本', `第${r.version}版（${r.kindLabel}）`),
    heading('一、基本情况'),
    para(`事发时间：${chineseTime(new Date(c.occurredAt))}`),
    para(`事发地点：${c.place}`),
    para(`事发单位：${c.unit.trim() || '无'}`),
    heading('二、事件经过'),
    para(c.summary),
    heading('三、人员伤亡'),
    para(`死亡 ${k.deaths} 人，失踪 ${k.missing} 人，重伤 ${k.seriousInjuries} 人，轻伤 ${k.injuries} 人。`),
    heading('四、损失情况'),
    para(c.losses),
    heading('五、已采取的措施'),
    para(c.measures),
    heading('六、下一步工作'),
    para(c.nextSteps),
    new Paragraph({ text: '' }),
    line('报告人', c.reporter),
    line('联系电话', c.phone.trim() || '无'),
  ]);
}

export interface DailyReportInput {
  unitName: string;
  day: string;
  generatedAt: Date;
  shifts: { time: string; leader: string; officers: string; signedIn: string }[];
  incidents: { knownAt: Date; title: string; place: string; grade: string; status: string }[];
  reports: {
    filedAt: Date;
    incidentTitle: string;
    kindLabel: string;
    recipient: string;
    filedByName: string;
  }[];
  nilReports: { dueTime: string; submitted: string[]; late: string[]; missing: string[] };
  log: { at: Date; kind: string; text: string; actorName: string; open: boolean }[];
  handovers: { at: Date; from: string; to: string; items: string[]; notes: string }[];
}

const clock = (at: Date) => formatBeijingIso(at).slice(11, 16);

/** The 值班日报 as a .docx. */
export async function renderDailyReport(d: DailyReportInput): Promise<Buffer> {
  const names = (list: string[]) => (list.length ? list.join('、') : '无');
  return pack([
    title(`${d.unitName}值班日报`),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        run(`${chineseDate(d.day)}${'\u3000'.repeat(2)}生成时间：${chineseTime(d.generatedAt)}`, {
          size: SIZE.small,
        }),
      ],
    }),
    rule(),
    heading('一、值班安排'),
    table(
      ['班次', '带班领导', '值班员', '签到'],
      d.shifts.map((s) => [s.time, s.leader, s.officers, s.signedIn]),
    ),
    heading('二、接报突发事件'),
    para(`当日接报 ${d.incidents.length} 起。`),
    table(
      ['接报时间', '事件', '地点', '等级', '状态'],
      d.incidents.map((i) => [clock(i.knownAt), i.title, i.place, i.grade, i.status]),
    ),
    heading('三、信息报送'),
    para(`当日报送 ${d.reports.length} 份。`),
    table(
      ['报送时间', '事件', '类别', '报送对象', '报送人'],
      d.reports.map((r) => [clock(r.filedAt), r.incidentTitle, r.kindLabel, r.recipient, r.filedByName]),
    ),
    heading('四、乡镇报平安'),
    para(
      `应于 ${d.nilReports.dueTime} 前报送。按时报送 ${d.nilReports.submitted.length} 个，迟报 ${d.nilReports.late.length} 个（${names(d.nilReports.late)}），未报 ${d.nilReports.missing.length} 个（${names(d.nilReports.missing)}）。`,
    ),
    heading('五、值班日志'),
    table(
      ['时间', '类别', '内容', '记录人', '状态'],
      d.log.map((l) => [clock(l.at), l.kind, l.text, l.actorName, l.open ? '未办结' : '']),
    ),
    heading('六、交接班'),
    ...(d.handovers.length
      ? d.handovers.map((h) =>
          para(
            `${clock(h.at)} ${h.from} 交班，${h.to}。移交事项：${names(h.items)}。${h.notes ? `交班说明：${h.notes}` : ''}`,
          ),
        )
      : [para('无')]),
  ]);
}

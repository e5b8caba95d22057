/**
 * Beijing time (北京时间, UTC+8, no daylight saving since 1991) for statutory clocks: parsing zoned ISO 8601 input,
 * formatting instants as `2026-07-01T10:00:00+08:00`, Beijing calendar dates and clock times on them.
 * Pure: instants are `Date`s, calendar dates are `YYYY-MM-DD` strings.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const ZONED_ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const UNZONED_ISO = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export type ZonedIsoParse = { ok: true; at: Date } | { ok: false; message: string };

/**
 * An ISO 8601 date-time with a zone (`Z`, `±HH:MM`, `±HHMM` or `±HH`; seconds optional; `T` or a space
 * between date and time, as RFC 3339 allows) as an instant. A time
 * without a zone is refused, never guessed; every calendar field is checked (no 2026-02-30 rolling into March).
 * Fractions beyond milliseconds are truncated.
 */
export function parseZonedIso(text: string): ZonedIsoParse {
  const m = ZONED_ISO.exec(text);
  if (!m)
    return {
      ok: false,
      message: UNZONED_ISO.test(text)
        ? `时间 ${text} 缺少时区，应如 2026-07-01T10:00:00+08:00 或 2026-07-01T02:00:00Z`
        : `时间 ${text} 不是 ISO 8601 格式，应如 2026-07-01T10:00:00+08:00`,
    };
  const [, y, mo, d, h, mi, s, frac, zone = 'Z'] = m;
  const [year, month, day, hour, minute] = [y, mo, d, h, mi].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = s === undefined ? 0 : Number(s);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return { ok: false, message: `时间 ${text} 不存在（月、日、时、分或秒超出范围）` };
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return { ok: false, message: `时间 ${text} 的时区偏移超出范围` };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  return {
    ok: true,
    at: new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-07-01T10:00:00+08:00`; milliseconds appear only when not zero (`…T10:00:00.250+08:00`). */
export function formatBeijingIso(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const ms = b.getUTCMilliseconds();
  return (
    `${pad(b.getUTCFullYear(), 4)}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())}` +
    `T${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}` +
    `${ms === 0 ? '' : `.${pad(ms, 3)}`}+08:00`
  );
}

/** The Beijing calendar date an instant falls on, `YYYY-MM-DD`. */
export function getBeijingDate(at: Date): string {
  return formatBeijingIso(at).slice(0, 10);
}

/** `date` (`YYYY-MM-DD`) moved by `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `hour`:`minute` Beijing time on `date` (`YYYY-MM-DD`); hour 24 is the end of that day. */
export function getBeijingTimeOn(date: string, hour: number, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, hour, minute) - BEIJING_OFFSET_MS);
}

/** Day of the week of a calendar date: 0 Sunday … 6 Saturday. */
export function getWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

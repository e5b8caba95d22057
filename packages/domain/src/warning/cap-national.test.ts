import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ADMIN_CODE_GEOCODE, type CapAlert } from './cap.ts';
import {
  firstIssuanceIdentifier,
  formatNationalTime,
  nationalFileName,
  nationalHeadline,
  NATIONAL_SEVERITIES,
  planNationalDocument,
  renderNationalXml,
} from './cap-national.ts';
import { sampleCapAlert } from './cap-sample.ts';
import { DEFAULT_LEVEL_SEVERITY, WARNING_LEVELS } from './levels.ts';

const opts = { senderUnitName: '宁县应急管理局', eventTypeCode: '11B03' };
const tag = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('national profile (GB/T 35965.1-2018 and the 国家突发事件预警信息发布系统 interface)', () => {
  it('附录 A.1.3.2 sendTime: YYYY-MM-DD hh:mm:ss+08:00, Beijing time', () => {
    expect(formatNationalTime(new Date('2026-06-30T16:30:05Z'))).toBe('2026-07-01 00:30:05+08:00');
    const xml = renderNationalXml(sampleCapAlert({ sent: '2026-07-01T02:00:00+00:00' }), opts);
    expect(tag(xml, 'sendTime')).toEqual(['2026-07-01 10:00:00+08:00']);
    expect(tag(xml, 'expires')).toEqual(['2026-07-01 22:00:00+08:00']);
  });

  it("senderCode is the identifier's 14-character 发布单位代码; sender the unit's full name", () => {
    const xml = renderNationalXml(sampleCapAlert(), opts);
    expect(tag(xml, 'senderCode')).toEqual(['62102600000000']);
    expect(tag(xml, 'sender')).toEqual(['宁县应急管理局']);
  });

  it('severity: each level as Red / Orange / Yellow / Blue (default severity mapping)', () => {
    for (const level of WARNING_LEVELS) {
      const alert = sampleCapAlert();
      alert.info[0]!.severity = DEFAULT_LEVEL_SEVERITY[level];
      expect(tag(renderNationalXml(alert, opts), 'severity')).toEqual([NATIONAL_SEVERITIES[level]]);
    }
    expect(NATIONAL_SEVERITIES).toEqual({ red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' });
  });

  it('severity follows a configured level mapping, or an explicit level', () => {
    const alert = sampleCapAlert(); // Severe
    const configured = { red: 'Extreme', orange: 'Extreme', yellow: 'Severe', blue: 'Moderate' } as const;
    expect(tag(renderNationalXml(alert, { ...opts, severityLevels: configured }), 'severity')).toEqual([
      'Yellow',
    ]);
    expect(tag(renderNationalXml(alert, { ...opts, level: 'red' }), 'severity')).toEqual(['Red']);
  });

  it('circle radius in metres (CAP: km), polygon kept lat,lon', () => {
    const alert = sampleCapAlert();
    alert.info[0]!.area[0]!.circle = [
      { lat: 35.4988, lon: 107.9217, radiusKm: 5 },
      { lat: 35.4988, lon: 107.9217, radiusKm: 0.3 },
      { lat: 35.4988, lon: 107.9217, radiusKm: 2.5 },
    ];
    const xml = renderNationalXml(alert, opts);
    expect(tag(xml, 'circle')).toEqual([
      '35.4988,107.9217 5000',
      '35.4988,107.9217 300',
      '35.4988,107.9217 2500',
    ]);
    expect(tag(xml, 'polygon')).toEqual(['35.45,107.87 35.55,107.87 35.55,107.97 35.45,107.97 35.45,107.87']);
  });

  it('geocode: the admin codes of the area, comma-separated (separator UNCONFIRMED)', () => {
    const alert = sampleCapAlert();
    alert.info[0]!.area[0]!.geocode = [
      { valueName: ADMIN_CODE_GEOCODE, value: '621026100' },
      { valueName: 'other', value: 'X' },
      { valueName: ADMIN_CODE_GEOCODE, value: '621026101' },
    ];
    expect(tag(renderNationalXml(alert, opts), 'geocode')).toEqual(['621026100,621026101']);
  });

  it('references: the identifier of the FIRST issuance, not CAP triples', () => {
    const refs =
      '62102600000000@ningan,62102600000000_20260701120000_0,2026-07-01T12:00:00+08:00 ' +
      '62102600000000@ningan,62102600000000_20260701100000_0,2026-07-01T10:00:00+08:00';
    expect(firstIssuanceIdentifier(refs)).toBe('62102600000000_20260701100000_0');
    const cancel: CapAlert = sampleCapAlert({
      identifier: '62102600000000_20260701140000_0',
      sent: '2026-07-01T14:00:00+08:00',
      msgType: 'Cancel',
      references: refs,
    });
    const xml = renderNationalXml(cancel, opts);
    expect(tag(xml, 'references')).toEqual(['62102600000000_20260701100000_0']);
    expect(tag(renderNationalXml(sampleCapAlert(), opts), 'references')).toEqual([]);
  });

  it('headline: 单位 + 发布/解除 + 事件 + 颜色 + 预警', () => {
    expect(
      nationalHeadline({
        senderUnitName: '宁县应急管理局',
        eventName: '暴雨',
        level: 'orange',
        msgType: 'Alert',
      }),
    ).toBe('宁县应急管理局发布暴雨橙色预警');
    expect(
      nationalHeadline({
        senderUnitName: '宁县应急管理局',
        eventName: '暴雨',
        level: 'orange',
        msgType: 'Update',
      }),
    ).toBe('宁县应急管理局发布暴雨橙色预警');
    expect(
      nationalHeadline({
        senderUnitName: '浙江省气象局',
        eventName: '台风',
        level: 'yellow',
        msgType: 'Cancel',
      }),
    ).toBe('浙江省气象局解除台风黄色预警');
    expect(tag(renderNationalXml(sampleCapAlert(), opts), 'headline')).toEqual([
      '宁县应急管理局发布暴雨橙色预警',
    ]);
  });

  it("file name: the source's own example 33000041600000_20121025091026_11B01_BLUE_ALERT.XML (UNCONFIRMED against §4 text)", () => {
    expect(
      nationalFileName({
        senderCode: '33000041600000',
        sentAt: new Date('2012-10-25T01:10:26Z'),
        eventTypeCode: '11B01',
        level: 'blue',
        msgType: 'Alert',
      }),
    ).toBe('33000041600000_20121025091026_11B01_BLUE_ALERT.XML');
    expect(
      nationalFileName({
        senderCode: '62102600000000',
        sentAt: new Date('2026-07-01T02:00:00Z'),
        eventTypeCode: '11B03',
        level: 'orange',
        msgType: 'Cancel',
      }),
    ).toBe('62102600000000_20260701100000_11B03_ORANGE_CANCEL.XML');
  });

  it('effective defaults to the signing time (sent); eventType carries the national code', () => {
    const alert = sampleCapAlert();
    delete alert.info[0]!.effective;
    const xml = renderNationalXml(alert, opts);
    expect(tag(xml, 'effective')).toEqual(['2026-07-01 10:00:00+08:00']);
    expect(tag(xml, 'eventType')).toEqual(['11B03']);
  });

  it('refuses, listing every reason, what the national system cannot take', () => {
    const alert = sampleCapAlert({
      identifier: 'not-national',
      status: 'Draft',
      scope: 'Restricted',
      msgType: 'Update',
    });
    alert.info[0]!.severity = 'Unknown';
    alert.info[0]!.area[0]!.geocode = [];
    expect(() => renderNationalXml(alert, opts)).toThrow(AppError);
    expect(planNationalDocument(alert, opts).problems.map((p) => p.path)).toEqual([
      'identifier',
      'status',
      'scope',
      'references',
      'info.severity',
      'info.area.0.geocode',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { capProblemDetails } from './cap-checks.ts';
import type { CapAlert } from './cap.ts';
import { sampleCapAlert } from './cap-sample.ts';
import { checkCapAlert, checkReferenceChain, validateCapXml } from './cap-validate.ts';
import { renderCapXml } from './cap-xml.ts';

const withInfo = (change: (info: CapAlert['info'][number]) => void) => {
  const alert = sampleCapAlert();
  change(alert.info[0]!);
  return alert;
};
const withArea = (change: (area: CapAlert['info'][number]['area'][number]) => void) =>
  withInfo((info) => change(info.area[0]!));
const ring = (points: [number, number][]) => points.map(([lat, lon]) => ({ lat, lon }));

describe('checkCapAlert: the XSD and the CAP 1.2 rules it cannot express', () => {
  it('passes the sample county warning', () => {
    expect(checkCapAlert(sampleCapAlert())).toEqual([]);
  });

  it.each<[string, CapAlert, RegExp]>([
    [
      'XSD: status enumeration',
      { ...sampleCapAlert(), status: 'Live' as never },
      /^alert\.status: .*Live 无效/,
    ],
    ['XSD: msgType enumeration', { ...sampleCapAlert(), msgType: 'alert' as never }, /^alert\.msgType: /],
    [
      'XSD: category enumeration',
      withInfo((i) => (i.category = ['Weather' as never])),
      /^alert\.info\[0\]\.category\[0\]: /,
    ],
    ['XSD: at least one category', withInfo((i) => (i.category = [])), /至少需要一个类别/],
    [
      'XSD: severity enumeration',
      withInfo((i) => (i.severity = 'Orange' as never)),
      /severity 的取值 Orange 无效/,
    ],
    [
      'XSD: sent is required',
      { ...sampleCapAlert(), sent: undefined as never },
      /^alert\.sent: 缺少必需元素/,
    ],
    ['XSD: xs:language', withInfo((i) => (i.language = 'zh_CN')), /语言代码 zh_CN 无效/],
    ['XSD: xs:anyURI web', withInfo((i) => (i.web = 'ningan page')), /^alert\.info\[0\]\.web: /],
    ['XSD: xs:decimal altitude', withArea((a) => (a.altitude = Number.NaN)), /altitude 应为有限的十进制数/],
    [
      '§3.2.1 identifier without spaces',
      { ...sampleCapAlert(), identifier: 'a b' },
      /^alert\.identifier: .*空白、逗号/,
    ],
    ['§3.2.1 identifier without commas', { ...sampleCapAlert(), identifier: 'a,b' }, /^alert\.identifier: /],
    ['§3.2.1 sender without < or &', { ...sampleCapAlert(), sender: 'a&b' }, /^alert\.sender: /],
    [
      '§3.2.1 restriction when scope=Restricted',
      { ...sampleCapAlert(), scope: 'Restricted' },
      /^alert\.restriction: /,
    ],
    ['§3.2.1 addresses when scope=Private', { ...sampleCapAlert(), scope: 'Private' }, /^alert\.addresses: /],
    [
      '§3.2.1 Update needs references',
      { ...sampleCapAlert(), msgType: 'Update' },
      /^alert\.references: msgType 为 Update/,
    ],
    [
      '§3.2.1 Cancel needs references',
      { ...sampleCapAlert(), msgType: 'Cancel' },
      /^alert\.references: msgType 为 Cancel/,
    ],
    [
      '§3.2.1 references are sender,identifier,sent triples',
      { ...sampleCapAlert(), references: 'A_1' },
      /三元组/,
    ],
    [
      'ours: an Alert carries an info block',
      { ...sampleCapAlert(), info: [] },
      /^alert\.info: .*至少需要一个 info/,
    ],
    [
      '§3.2.2 times never Z',
      withInfo((i) => (i.expires = '2026-07-01T14:00:00Z')),
      /^alert\.info\[0\]\.expires: .*不能用 Z/,
    ],
    ['§3.2.2 times with an explicit offset', withInfo((i) => (i.onset = '2026-07-01T11:00:00')), /CAP 格式/],
    [
      '§3.2.2 effective not after expires',
      withInfo((i) => (i.effective = '2026-07-01T23:00:00+08:00')),
      /^alert\.info\[0\]\.effective: .*不能晚于失效时间/,
    ],
    [
      '§3.2.2 onset not after expires',
      withInfo((i) => (i.onset = '2026-07-02T00:00:00+08:00')),
      /^alert\.info\[0\]\.onset: /,
    ],
    [
      '§3.2.3 digest is SHA-1',
      withInfo((i) => (i.resource = [{ resourceDesc: 'r', mimeType: 'a/b', digest: 'xyz' }])),
      /SHA-1/,
    ],
    [
      '§3.2.4 polygon ≥ 4 points',
      withArea(
        (a) =>
          (a.polygon = [
            ring([
              [35, 107],
              [35.1, 107],
              [35, 107],
            ]),
          ]),
      ),
      /至少需要 4 个点/,
    ],
    [
      '§3.2.4 polygon closed',
      withArea(
        (a) =>
          (a.polygon = [
            ring([
              [35, 107],
              [35.1, 107],
              [35.1, 107.1],
              [35, 107.1],
            ]),
          ]),
      ),
      /未闭合/,
    ],
    [
      '§3.2.4 lat,lon order (GeoJSON lon,lat puts 107 in latitude)',
      withArea(
        (a) =>
          (a.polygon = [
            ring([
              [107.87, 35.45],
              [107.87, 35.55],
              [107.97, 35.55],
              [107.87, 35.45],
            ]),
          ]),
      ),
      /超出范围.*纬度,经度/,
    ],
    [
      '§3.2.4 circle lat in [-90,90]',
      withArea((a) => (a.circle = [{ lat: 107.9, lon: 35.5, radiusKm: 5 }])),
      /^alert\.info\[0\]\.area\[0\]\.circle\[0\]: 圆心/,
    ],
    [
      '§3.2.4 circle radius in km > 0',
      withArea((a) => (a.circle = [{ lat: 35.5, lon: 107.9, radiusKm: 0 }])),
      /半径（千米）应大于 0/,
    ],
    [
      '§3.2.4 ceiling only with altitude',
      withArea((a) => (a.ceiling = 100)),
      /ceiling 只能与 altitude 一同使用/,
    ],
    [
      'XML: text XML cannot carry',
      withInfo((i) => (i.headline = 'a\u0007b')),
      /^alert\.info\[0\]\.headline: 含有 XML 不允许的控制字符/,
    ],
  ])('%s', (_, alert, message) => {
    const problems = checkCapAlert(alert);
    expect(
      problems.some((p) => message.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('ours: Ack and Error may go without info', () => {
    const refs = '62102600000000@ningan,X_1,2026-07-01T09:00:00+08:00';
    expect(checkCapAlert({ ...sampleCapAlert(), msgType: 'Ack', references: refs, info: [] })).toEqual([]);
    expect(checkCapAlert({ ...sampleCapAlert(), msgType: 'Error', info: [] })).toEqual([]);
  });

  it('does not crash on a value of the wrong type (untrusted JSON)', () => {
    const broken = { ...sampleCapAlert(), info: 'x', code: [1] } as unknown as CapAlert;
    expect(checkCapAlert(broken)).toEqual(
      expect.arrayContaining(['alert.info: info 应为列表', 'alert.code[0]: code 应为文本']),
    );
  });

  it('problems become API error details split at the path', () => {
    expect(capProblemDetails(['alert.info[0].expires: 时间 x 无效'])).toEqual([
      { path: 'alert.info[0].expires', message: '时间 x 无效' },
    ]);
  });
});

describe('validateCapXml = parse + check', () => {
  it('accepts the rendered sample', () => {
    expect(validateCapXml(renderCapXml(sampleCapAlert()))).toEqual({ valid: true, problems: [] });
  });

  it('lists structural, value and spec-rule problems together, each once', () => {
    const xml = renderCapXml(withArea((a) => (a.circle = [{ lat: 35.5, lon: 107.9, radiusKm: 0 }])))
      .replace('<scope>Public</scope>', '<scope>Private</scope>')
      .replace('<certainty>Likely</certainty>', '');
    const { valid, problems } = validateCapXml(xml);
    expect(valid).toBe(false);
    expect(problems).toEqual([
      'alert.info[0].certainty: 缺少必需元素 certainty',
      'alert.addresses: scope 为 Private 时必须填写 addresses（接收地址）',
      'alert.info[0].area[0].circle[0]: 圆的半径（千米）应大于 0',
    ]);
  });
});

describe('checkReferenceChain (CAP 1.2 §3.2.1: Update/Cancel reference every earlier message)', () => {
  const first = { sender: 's@x', identifier: 'W_1', sent: '2026-07-01T10:00:00+08:00' };
  const second = { sender: 's@x', identifier: 'W_2', sent: '2026-07-01T12:00:00+08:00' };
  const cancel = (references?: string) => ({
    msgType: 'Cancel' as const,
    identifier: 'W_3',
    sender: 's@x',
    sent: '2026-07-01T14:00:00+08:00',
    references,
  });

  it('accepts a cancel naming both earlier messages (sent compared as instants)', () => {
    expect(
      checkReferenceChain(cancel('s@x,W_1,2026-07-01T02:00:00+00:00 s@x,W_2,2026-07-01T12:00:00+08:00'), [
        first,
        second,
      ]),
    ).toEqual([]);
  });

  it('names each earlier message left out', () => {
    expect(checkReferenceChain(cancel('s@x,W_2,2026-07-01T12:00:00+08:00'), [first, second])).toEqual([
      'alert.references: 缺少对前序消息 s@x,W_1,2026-07-01T10:00:00+08:00 的引用',
    ]);
  });

  it('refuses a missing or malformed references, a chain without earlier messages, and a self-reference', () => {
    expect(checkReferenceChain(cancel(), [first])).toHaveLength(1);
    expect(checkReferenceChain(cancel('W_1'), [first])).toHaveLength(1);
    expect(checkReferenceChain(cancel('s@x,W_1,2026-07-01T10:00:00+08:00'), [])).toHaveLength(1);
    expect(
      checkReferenceChain(cancel('s@x,W_1,2026-07-01T10:00:00+08:00 s@x,W_3,2026-07-01T14:00:00+08:00'), [
        first,
      ]),
    ).toEqual(['alert.references: 消息不能引用自身']);
  });

  it('a first issuance (Alert) has no chain; an Alert after earlier messages is refused', () => {
    expect(checkReferenceChain({ ...cancel(), msgType: 'Alert' }, [])).toEqual([]);
    expect(checkReferenceChain({ ...cancel(), msgType: 'Alert' }, [first])).toHaveLength(1);
  });
});

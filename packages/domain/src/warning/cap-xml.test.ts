import { describe, expect, it } from 'vitest';
import { CAP_NAMESPACE, CapAlert } from './cap.ts';
import { sampleCapAlert } from './cap-sample.ts';
import { formatCapDecimal, parseCapXml, renderCapXml } from './cap-xml.ts';

const XSD_ALERT_ORDER = [
  'identifier',
  'sender',
  'sent',
  'status',
  'msgType',
  'source',
  'scope',
  'restriction',
  'addresses',
  'code',
  'note',
  'references',
  'incidents',
  'info',
];

/** An alert using every element once or more. */
function richAlert(): CapAlert {
  const base = sampleCapAlert();
  const info = base.info[0]!;
  return CapAlert.parse({
    ...base,
    msgType: 'Update',
    source: '值班员',
    scope: 'Restricted',
    restriction: '仅限责任人',
    addresses: 'a@x "b c@x"',
    code: ['IPAWSv1.0', 'profile:CN'],
    note: '更新：范围扩大',
    references: '62102600000000@ningan,62102600000000_20260701090000_0,2026-07-01T09:00:00+08:00',
    incidents: 'INC-1',
    info: [
      {
        ...info,
        audience: '公众',
        resource: [
          {
            resourceDesc: '预警图',
            mimeType: 'image/png',
            size: 1024,
            uri: 'https://ningan.example.cn/a.png',
            derefUri: 'aGVsbG8=',
            digest: 'a9993e364706816aba3e25717850c26c9cd0d89d',
          },
        ],
        area: [{ ...info.area[0]!, altitude: 1200, ceiling: 3000.5 }],
      },
      { ...info, language: 'en-US', event: 'Rainstorm', headline: 'Orange rainstorm warning' },
    ],
  });
}

describe('renderCapXml (CAP 1.2 XML, XSD element order)', () => {
  it('writes UTF-8 in the CAP 1.2 namespace', () => {
    const xml = renderCapXml(sampleCapAlert());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain(`<alert xmlns="${CAP_NAMESPACE}">`);
  });

  it('puts the alert elements in the XSD sequence order', () => {
    const xml = renderCapXml(richAlert());
    const positions = XSD_ALERT_ORDER.map((name) => xml.indexOf(`\n  <${name}>`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('§3.2.4 polygon and circle in CAP order lat,lon (the reverse of GeoJSON), radius in km', () => {
    const xml = renderCapXml(sampleCapAlert());
    expect(xml).toContain(
      '<polygon>35.45,107.87 35.55,107.87 35.55,107.97 35.45,107.97 35.45,107.87</polygon>',
    );
    expect(xml).toContain('<circle>35.4988,107.9217 5</circle>');
  });

  it('escapes text, keeps \\r, drops characters XML cannot carry', () => {
    const alert = sampleCapAlert();
    alert.info[0]!.description = 'a < b & c > d\r\n"引号"\u0001';
    const xml = renderCapXml(alert);
    expect(xml).toContain('<description>a &lt; b &amp; c &gt; d&#13;\n"引号"</description>');
  });

  it('writes decimals without exponent or float noise', () => {
    expect(formatCapDecimal(0.1 + 0.2)).toBe('0.3');
    expect(formatCapDecimal(1e-7)).toBe('0');
    expect(formatCapDecimal(-0.0000001)).toBe('0');
    expect(formatCapDecimal(107.9217)).toBe('107.9217');
  });
});

describe('parseCapXml', () => {
  it('reads back what it wrote (rich alert, two info blocks)', () => {
    const alert = richAlert();
    const parsed = parseCapXml(renderCapXml(alert));
    expect(parsed.problems).toEqual([]);
    expect(parsed.alert).toEqual(alert);
  });

  it('reads back special characters exactly', () => {
    const alert = sampleCapAlert();
    alert.info[0]!.description = 'a < b & c > d\r\n"引号" ]] > &amp;';
    expect(parseCapXml(renderCapXml(alert)).alert?.info[0]?.description).toBe(alert.info[0]!.description);
  });

  it('accepts a namespace prefix, comments, CDATA and character references', () => {
    const xml = renderCapXml(sampleCapAlert())
      .replace(/<(\/?)([a-zA-Z]+)/g, '<$1cap:$2')
      .replace('xmlns=', 'xmlns:cap=')
      .replace('<cap:event>暴雨</cap:event>', '<cap:event><!-- 事件 -->&#26292;<![CDATA[雨]]></cap:event>');
    const parsed = parseCapXml(xml);
    expect(parsed.problems).toEqual([]);
    expect(parsed.alert?.info[0]?.event).toBe('暴雨');
  });

  it('lists every structural and value problem at once, in Chinese, with element paths', () => {
    const xml = renderCapXml(sampleCapAlert())
      .replace('<status>Actual</status>', '<status>Live</status>')
      .replace('  <identifier>62102600000000_20260701100000_0</identifier>\n', '')
      .replace(
        '<urgency>Expected</urgency>\n    <severity>Severe</severity>',
        '<severity>Severe</severity>\n    <urgency>Expected</urgency>',
      )
      .replace('<areaDesc>', '<foo>1</foo><areaDesc>')
      .replace('<sent>2026-07-01T10:00:00+08:00</sent>', '<sent>2026-07-01T02:00:00Z</sent>');
    const { alert, problems } = parseCapXml(xml);
    expect(alert).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        'alert.identifier: 缺少必需元素 identifier',
        expect.stringMatching(/^alert\.info\[0\]\.urgency\[0\]: 元素 urgency 位置错误/),
        expect.stringMatching(/^alert\.info\[0\]\.area\[0\]\.foo\[0\]: 未知元素 foo/),
        expect.stringMatching(/^alert\.status: 状态 status 的取值 Live 无效/),
        expect.stringMatching(/^alert\.sent: .*不能用 Z/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it.each([
    ['no namespace', (x: string) => x.replace(` xmlns="${CAP_NAMESPACE}"`, ''), /命名空间应为/],
    ['the CAP 1.1 namespace', (x: string) => x.replace(':cap:1.2', ':cap:1.1'), /命名空间应为/],
    [
      'a DOCTYPE (no entity expansion)',
      (x: string) => x.replace('<alert', '<!DOCTYPE alert [<!ENTITY e "x">]><alert'),
      /DOCTYPE/,
    ],
    [
      'an undefined entity',
      (x: string) => x.replace('暴雨</event>', '暴雨&nbsp;</event>'),
      /未定义的实体 &nbsp;/,
    ],
    ['a bare &', (x: string) => x.replace('暴雨</event>', '暴雨 & 大风</event>'), /& 未转义|XML 格式错误/],
    ['a mismatched tag', (x: string) => x.replace('</event>', '</evnt>'), /XML 格式错误/],
    ['text in element-only content', (x: string) => x.replace('<info>', '<info>junk'), /只能包含子元素/],
    [
      'an element inside a text element',
      (x: string) => x.replace('<event>暴雨', '<event><b>暴雨</b>'),
      /只能包含文本/,
    ],
    ['an attribute on a CAP element', (x: string) => x.replace('<event>', '<event lang="zh">'), /不允许属性/],
    [
      'a duplicated single element',
      (x: string) => x.replace('<event>暴雨</event>', '<event>暴雨</event><event>大风</event>'),
      /重复出现/,
    ],
    ['two root elements', (x: string) => `${x}<alert/>`, /只有一个根元素|XML 格式错误/],
    ['a control character', (x: string) => x.replace('暴雨</event>', '暴雨\u0001</event>'), /控制字符/],
    [
      'a polygon that is not lat,lon pairs',
      (x: string) => x.replace(/<polygon>[^<]*</, '<polygon>35.45 107.87<'),
      /多边形应为/,
    ],
    [
      'a circle without a radius',
      (x: string) => x.replace(/<circle>[^<]*</, '<circle>35.45,107.87<'),
      /圆应为/,
    ],
    [
      'size that is not an integer',
      (x: string) =>
        x.replace(
          '<area>',
          '<resource><resourceDesc>r</resourceDesc><mimeType>a/b</mimeType><size>1.5</size></resource><area>',
        ),
      /size 应为整数/,
    ],
  ])('refuses %s', (_, mutate, message) => {
    const { alert, problems } = parseCapXml(mutate(renderCapXml(sampleCapAlert())));
    expect(alert).toBeNull();
    expect(problems.join('\n')).toMatch(message);
  });
});

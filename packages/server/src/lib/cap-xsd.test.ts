/**
 * The official OASIS CAP 1.2 XSD (libxml2) against our documents and our fast validator:
 * - every alert renderCapXml writes validates against the XSD;
 * - differential: for every mutated document the XSD rejects, validateCapXml rejects too (it may be
 *   stricter, because of the spec rules, never looser).
 */
import {
  CapAlert,
  renderCapXml,
  sampleCapAlert,
  validateCapXml,
  type CapAlert as CapAlertType,
} from '@ningan/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstCapXsd } from './cap-xsd.ts';

/** An alert using every CAP element, so that mutations reach each of them. */
function richAlert(): CapAlertType {
  const base = sampleCapAlert();
  const info = base.info[0]!;
  return CapAlert.parse({
    ...base,
    msgType: 'Update',
    source: '值班员',
    scope: 'Restricted',
    restriction: '仅限责任人',
    addresses: 'a@x',
    code: ['profile:CN', 'x'],
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
    ],
  });
}

/** A range of alerts our services write: first issuance, update, cancel, bilingual, private, minimal. */
function alertsWeWrite(): [string, CapAlertType][] {
  const base = sampleCapAlert();
  const zh = base.info[0]!;
  const refs = '62102600000000@ningan,62102600000000_20260701100000_0,2026-07-01T10:00:00+08:00';
  return [
    ['a county rainstorm warning (Alert)', base],
    ['every element used (Update, Restricted)', richAlert()],
    ['an update referencing the first issuance', sampleCapAlert({ msgType: 'Update', references: refs })],
    [
      'a cancel with AllClear',
      sampleCapAlert({ msgType: 'Cancel', references: refs, info: [{ ...zh, responseType: ['AllClear'] }] }),
    ],
    [
      'Chinese and English info blocks',
      sampleCapAlert({
        info: [zh, { ...zh, language: 'en-US', event: 'Rainstorm', headline: 'Orange rainstorm warning' }],
      }),
    ],
    [
      'a private test message to named addresses',
      sampleCapAlert({ status: 'Test', scope: 'Private', addresses: 'duty@621026' }),
    ],
    [
      'text with XML specials, quotes and newlines',
      sampleCapAlert({
        note: 'a < b & c > d "q" \'s\'',
        info: [
          {
            ...zh,
            description: '第一行\r\n第二行 <注意> & 防范',
            area: [{ ...zh.area[0]!, polygon: [], circle: [] }],
          },
        ],
      }),
    ],
    [
      'a minimal Ack without info',
      {
        identifier: 'ack-1',
        sender: 's@x',
        sent: '2026-07-01T10:00:00+00:00',
        status: 'Actual',
        msgType: 'Ack',
        scope: 'Public',
        code: [],
        references: refs,
        info: [],
      },
    ],
    [
      'negative offsets and coordinates, several polygons and circles',
      sampleCapAlert({
        sent: '2026-07-01T10:00:00-05:30',
        info: [
          {
            ...zh,
            effective: undefined,
            onset: undefined,
            area: [
              {
                areaDesc: 'west/south',
                polygon: [
                  [
                    { lat: -33.9, lon: -70.6 },
                    { lat: -33.8, lon: -70.6 },
                    { lat: -33.8, lon: -70.5 },
                    { lat: -33.9, lon: -70.6 },
                  ],
                  [
                    { lat: 0, lon: 0 },
                    { lat: 0.1, lon: 0 },
                    { lat: 0.1, lon: 0.1 },
                    { lat: 0, lon: 0 },
                  ],
                ],
                circle: [
                  { lat: -90, lon: 180, radiusKm: 0.001 },
                  { lat: 90, lon: -180, radiusKm: 12345.5 },
                ],
                geocode: [],
              },
            ],
          },
        ].map((i) => JSON.parse(JSON.stringify(i)) as typeof zh),
      }),
    ],
  ];
}

interface Mutation {
  clause: string;
  what: string;
  xml: string;
}

/** ~200 mutations of the rich document, each naming the XSD clause or spec rule it breaks. */
function mutations(): Mutation[] {
  const doc = renderCapXml(richAlert());
  const out: Mutation[] = [];
  const add = (clause: string, what: string, xml: string) => {
    if (xml !== doc) out.push({ clause, what, xml });
  };
  const replaceText = (name: string, value: string) =>
    doc.replace(new RegExp(`<${name}>[^<]*</${name}>`), `<${name}>${value}</${name}>`);

  const enums: [string, string][] = [
    ['status', 'Actual'],
    ['msgType', 'Update'],
    ['scope', 'Restricted'],
    ['category', 'Met'],
    ['responseType', 'Prepare'],
    ['urgency', 'Expected'],
    ['severity', 'Severe'],
    ['certainty', 'Likely'],
  ];
  for (const [name, value] of enums)
    for (const bad of [
      value.toLowerCase(),
      value.toUpperCase(),
      'Bogus',
      ` ${value}`,
      `${value} `,
      '',
      'Very Likely',
    ])
      add(`XSD enumeration ${name}`, `${name}=${JSON.stringify(bad)}`, replaceText(name, bad));

  for (const name of ['sent', 'effective', 'onset', 'expires'])
    for (const bad of [
      '2026-07-01T02:00:00Z',
      '2026-07-01T10:00:00',
      '2026-07-01T10:00:00.000+08:00',
      '2026-07-01 10:00:00+08:00',
      '2026-07-01T10:00:00,08:00',
      '2026-07-01T10:00:00+0800',
      '2026-07-01T10:00+08:00',
      '2026-13-01T10:00:00+08:00',
      '2026-02-30T10:00:00+08:00',
      '2026-07-01T25:00:00+08:00',
      '2026-07-01T10:61:00+08:00',
      '2026-07-01T10:00:00+15:00',
      '2026-07-01',
      '',
    ])
      add(`XSD xs:dateTime pattern ${name}`, `${name}=${JSON.stringify(bad)}`, replaceText(name, bad));

  const required = [
    'identifier',
    'sender',
    'sent',
    'status',
    'msgType',
    'scope',
    'category',
    'event',
    'urgency',
    'severity',
    'certainty',
    'areaDesc',
    'resourceDesc',
    'mimeType',
    'valueName',
    'value',
  ];
  for (const name of required)
    add(
      `XSD required element ${name}`,
      `${name} removed`,
      doc.replace(new RegExp(`\\s*<${name}>[^<]*</${name}>`), ''),
    );

  // Adjacent sibling lines swapped: the XSD sequence order.
  const lines = doc.split('\n');
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const nameOf = (l: string) => /^\s*<([a-zA-Z]+)>/.exec(l)?.[1];
  for (let i = 1; i + 1 < lines.length; i++) {
    const [a, b] = [lines[i]!, lines[i + 1]!];
    const [na, nb] = [nameOf(a), nameOf(b)];
    if (
      !na ||
      !nb ||
      na === nb ||
      indentOf(a) !== indentOf(b) ||
      !a.includes(`</${na}>`) ||
      !b.includes(`</${nb}>`)
    )
      continue;
    const swapped = [...lines];
    swapped[i] = b;
    swapped[i + 1] = a;
    add('XSD sequence order', `${na} ↔ ${nb}`, swapped.join('\n'));
  }

  for (const name of [
    'identifier',
    'sender',
    'sent',
    'status',
    'msgType',
    'source',
    'scope',
    'restriction',
    'addresses',
    'note',
    'references',
    'incidents',
    'language',
    'event',
    'urgency',
    'severity',
    'certainty',
    'audience',
    'effective',
    'onset',
    'expires',
    'senderName',
    'headline',
    'description',
    'instruction',
    'web',
    'contact',
    'resourceDesc',
    'mimeType',
    'size',
    'uri',
    'derefUri',
    'digest',
    'areaDesc',
    'altitude',
    'ceiling',
  ])
    add(
      `XSD maxOccurs=1 ${name}`,
      `${name} twice`,
      doc.replace(new RegExp(`(<${name}>[^<]*</${name}>)`), '$1$1'),
    );

  add('XSD unknown element', 'foo in alert', doc.replace('<note>', '<foo>1</foo><note>'));
  add('XSD unknown element', 'foo in info', doc.replace('<event>', '<foo>1</foo><event>'));
  add('XSD unknown element', 'foo in area', doc.replace('<circle>', '<foo>1</foo><circle>'));
  add('XSD unknown element', 'foo in resource', doc.replace('<digest>', '<foo>1</foo><digest>'));
  add(
    'XSD unknown element',
    'foo in geocode',
    doc.replace('<valueName>adminCode', '<foo/><valueName>adminCode'),
  );
  add(
    'XSD unknown element',
    'CAP element after info',
    doc.replace('</info>\n', '</info>\n  <note>late</note>\n'),
  );
  add(
    'XSD namespace',
    'element of another namespace',
    doc.replace('<note>', '<x:note xmlns:x="urn:x">1</x:note><note>'),
  );
  add('XSD namespace', 'no namespace', doc.replace(' xmlns="urn:oasis:names:tc:emergency:cap:1.2"', ''));
  add('XSD namespace', 'CAP 1.1 namespace', doc.replace('cap:1.2', 'cap:1.1'));
  add('XSD namespace', 'child in no namespace', doc.replace('<note>', '<note xmlns="">'));
  add(
    'XSD namespace',
    'undeclared prefix',
    doc.replace('<note>', '<cap:note>').replace('</note>', '</cap:note>'),
  );
  add('XSD attributes', 'attribute on identifier', doc.replace('<identifier>', '<identifier id="1">'));
  add('XSD attributes', 'attribute on alert', doc.replace('<alert ', '<alert version="1.2" '));
  add('XSD attributes', 'xml:lang on info', doc.replace('<info>', '<info xml:lang="zh">'));
  add('XSD element-only content', 'text in info', doc.replace('<info>', '<info>junk'));
  add('XSD element-only content', 'text in alert', doc.replace('<identifier>', 'junk<identifier>'));
  add('XSD element-only content', 'CDATA in area', doc.replace('<areaDesc>', '<![CDATA[x]]><areaDesc>'));
  add(
    'XSD simple content',
    'element in event',
    doc.replace(/<event>([^<]*)<\/event>/, '<event><b>$1</b></event>'),
  );
  add(
    'XSD simple content',
    'element in value',
    doc.replace('<value>621026100</value>', '<value><v>621026100</v></value>'),
  );

  for (const bad of ['abc', '1.5', '1e3', '', '1 024', '0x10'])
    add('XSD xs:integer size', `size=${JSON.stringify(bad)}`, replaceText('size', bad));
  for (const name of ['altitude', 'ceiling'])
    for (const bad of ['high', '1e3', 'NaN', 'INF', '', '1,5', '--1'])
      add(`XSD xs:decimal ${name}`, `${name}=${JSON.stringify(bad)}`, replaceText(name, bad));
  for (const bad of ['zh_CN', 'toolonglang-CN', '', 'zh--CN', '中文', 'zh-'])
    add('XSD xs:language', `language=${JSON.stringify(bad)}`, replaceText('language', bad));
  for (const name of ['web', 'uri'])
    for (const bad of ['http://exa mple.cn/', 'http://[::1', '%zz', 'http://a:b/', ':no-scheme'])
      add(`XSD xs:anyURI ${name}`, `${name}=${JSON.stringify(bad)}`, replaceText(name, bad));

  add('XML well-formedness', 'mismatched tag', doc.replace('</event>', '</evnt>'));
  add('XML well-formedness', 'unclosed element', doc.replace('</note>', ''));
  add('XML well-formedness', 'bare &', doc.replace('暴雨</event>', '暴雨 & 大风</event>'));
  add('XML well-formedness', 'undefined entity', doc.replace('暴雨</event>', '暴雨&nbsp;</event>'));
  add('XML well-formedness', 'bare < in text', doc.replace('暴雨</event>', '暴雨 < 大风</event>'));
  add('XML well-formedness', ']]> in text', doc.replace('暴雨</event>', '暴雨]]></event>'));
  add('XML well-formedness', 'control character', doc.replace('暴雨</event>', '暴雨\u0001</event>'));
  add(
    'XML well-formedness',
    'reference to a control character',
    doc.replace('暴雨</event>', '暴雨&#1;</event>'),
  );
  add('XML well-formedness', 'two root elements', `${doc}<alert/>`);
  add('XML well-formedness', 'text after the root', `${doc}junk`);
  add('XML well-formedness', 'unquoted attribute', doc.replace('<alert xmlns="', '<alert a=1 xmlns="'));
  add(
    'XML well-formedness',
    'duplicate attribute',
    doc.replace('<alert ', '<alert xmlns:x="a" xmlns:x="b" '),
  );
  add('XML well-formedness', 'empty document', '');
  return out;
}

describe('validateAgainstCapXsd (OASIS CAP 1.2 XSD via libxml2)', () => {
  const written = alertsWeWrite();
  let results: { valid: boolean; problems: string[] }[] = [];
  beforeAll(async () => {
    results = await validateAgainstCapXsd(written.map(([, alert]) => renderCapXml(alert)));
  });

  it.each(written.map(([name], i) => [name, i] as const))('renderCapXml output validates: %s', (_, i) => {
    expect(results[i]).toEqual({ valid: true, problems: [] });
    expect(validateCapXml(renderCapXml(written[i]![1]))).toEqual({ valid: true, problems: [] });
  });

  it('reports per document in a batch, with libxml2 line numbers; an empty batch costs nothing', async () => {
    const good = renderCapXml(sampleCapAlert());
    const [a, b, c] = await validateAgainstCapXsd([
      good,
      good.replace('Actual', 'Live'),
      '<alert><x></alert>',
    ]);
    expect(a).toEqual({ valid: true, problems: [] });
    expect(b?.valid).toBe(false);
    expect(b?.problems[0]).toMatch(/^XSD 校验（第 6 行）：.*status.*Live/);
    expect(c?.valid).toBe(false);
    expect(c?.problems[0]).toMatch(/parser error/);
    expect(await validateAgainstCapXsd([])).toEqual([]);
  });
});

describe('differential: the fast validator is never looser than the XSD', () => {
  const cases = mutations();
  let xsd: { valid: boolean; problems: string[] }[] = [];
  beforeAll(async () => {
    xsd = await validateAgainstCapXsd(cases.map((c) => c.xml));
  });

  it('has about 200 mutations, most of which the XSD rejects', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(xsd.filter((r) => !r.valid).length).toBeGreaterThanOrEqual(180);
  });

  it.each(cases.map((c, i) => [c.clause, c.what, i] as const))('%s — %s', (_, __, i) => {
    const ours = validateCapXml(cases[i]!.xml);
    if (!xsd[i]!.valid) expect(ours.valid, `XSD: ${xsd[i]!.problems.join(' | ')}`).toBe(false);
    // Where the XSD accepts, ours may still refuse (spec rules); then it must say why.
    if (!ours.valid) expect(ours.problems.length).toBeGreaterThan(0);
  });
});

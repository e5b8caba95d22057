/**
 * Demo 应急通讯录 (演示数据): for each of the 三委四部 of the organisation template, the 牵头 units, a
 * 责任清单 per member unit in the words such lists use, the body's leadership and office, and a 分管领导
 * and 联络员 per member unit. Deterministic: the same template gives the same people, titles and numbers.
 * Names are "X某某（演示）" and numbers obviously fictitious (139 0001 xxxx mobiles, 0934-0000xxx
 * landlines), as the other demo contacts. The lists are typical of a county of this kind, not 宁县's own.
 */
import type { ContactDuty, MemberRole } from '@ningan/domain';
import { bodyShortName } from '@ningan/domain';

/** Member units are matched by the end of their template name (宁县水务局 → 水务局). */
type UnitKey =
  | '水务局'
  | '气象局'
  | '自然资源局'
  | '林业和草原局'
  | '住房和城乡建设局'
  | '交通运输局'
  | '公安局'
  | '卫生健康局'
  | '教育局'
  | '消防救援大队'
  | '农业农村局'
  | '工业和信息化局'
  | '市场监督管理局'
  | '供电公司'
  | '通信保障）'
  | '生态环境局宁县分局'
  | '民政局'
  | '商务局';

const UNIT_KEYS: readonly UnitKey[] = [
  '水务局',
  '气象局',
  '自然资源局',
  '林业和草原局',
  '住房和城乡建设局',
  '交通运输局',
  '公安局',
  '卫生健康局',
  '教育局',
  '消防救援大队',
  '农业农村局',
  '工业和信息化局',
  '市场监督管理局',
  '供电公司',
  '通信保障）',
  '生态环境局宁县分局',
  '民政局',
  '商务局',
];

export function unitKeyOf(unitName: string): UnitKey | null {
  return UNIT_KEYS.find((k) => unitName.endsWith(k)) ?? null;
}

interface BodyDemo {
  lead: UnitKey[];
  duties: Partial<Record<UnitKey, string[]>>;
  /** [duty, title] of the body's leadership and office, in order; titles name people in PEOPLE. */
  leadership: [ContactDuty, string][];
  /** The office's duty line (办公室值班室). */
  dutyLine: string;
}

/** Keyed by the body's short name (domain bodyShortName). */
const BODIES: Record<string, BodyDemo> = {
  安委会: {
    lead: [],
    leadership: [
      ['body_director', '县人民政府县长'],
      ['body_deputy', '县委常委、常务副县长'],
      ['body_deputy', '县人民政府副县长（分管应急管理）'],
      ['office_director', '县应急管理局局长'],
    ],
    dutyLine: '县安委办值班室',
    duties: {
      水务局: [
        '负责水利工程建设和运行安全监督管理',
        '负责水库、淤地坝、农村供水工程安全检查',
        '指导水利行业生产安全事故应急处置',
      ],
      自然资源局: [
        '负责矿产资源开发利用监督管理，依法查处无证开采、越界开采',
        '负责地质勘查行业安全生产监督管理',
      ],
      住房和城乡建设局: [
        '负责房屋建筑和市政基础设施工程施工安全监督管理',
        '负责城镇燃气、供水、供热安全监督管理',
        '组织既有房屋安全隐患排查整治',
      ],
      交通运输局: [
        '负责道路运输和公路建设工程安全监督管理',
        '负责危险货物道路运输企业安全监管',
        '组织公路临水临崖、急弯陡坡等隐患路段排查整治',
      ],
      公安局: [
        '负责道路交通安全管理，查处超速、超员、超载、疲劳驾驶等违法行为',
        '负责民用爆炸物品、烟花爆竹运输公共安全管理',
        '依法查处危害安全生产的违法犯罪行为',
      ],
      卫生健康局: ['负责医疗卫生机构安全管理', '负责职业健康监督管理', '组织生产安全事故伤员医疗救治'],
      教育局: ['负责各级各类学校、幼儿园安全管理', '负责校车安全管理', '组织学生安全教育和应急疏散演练'],
      消防救援大队: [
        '负责消防监督检查，依法查处消防违法行为',
        '承担火灾扑救和以抢救人员生命为主的应急救援',
        '组织火灾事故调查',
      ],
      工业和信息化局: ['负责工业和信息化行业安全生产管理', '推动企业安全技术改造，淘汰落后工艺设备'],
      市场监督管理局: [
        '负责特种设备安全监督管理',
        '负责工业产品质量安全监督管理',
        '组织特种设备事故调查处理',
      ],
      供电公司: ['负责电网和电力设施运行安全', '开展供用电安全检查，指导用户安全用电'],
      生态环境局宁县分局: [
        '负责危险废物、辐射安全监督管理',
        '负责突发环境事件应急监测和处置',
        '配合做好危险化学品事故次生环境污染防控',
      ],
      商务局: ['负责商贸流通行业安全生产管理', '负责成品油流通行业安全管理'],
      农业农村局: ['负责农业机械安全监督管理', '负责农药、农村沼气安全管理'],
    },
  },
  减灾委: {
    lead: [],
    leadership: [
      ['body_director', '县人民政府副县长（分管应急管理）'],
      ['body_deputy', '县人民政府办公室副主任'],
      ['body_deputy', '县应急管理局局长'],
      ['office_director', '县应急管理局副局长'],
    ],
    dutyLine: '县减灾办值班室',
    duties: {
      水务局: ['负责水旱灾害风险调查和隐患排查', '提供水旱灾害监测信息和水利工程灾损情况'],
      气象局: ['负责气象灾害监测、预报、预警和信息发布', '开展气象灾害风险评估和区划'],
      自然资源局: ['负责地质灾害调查评价和隐患排查', '提供灾害评估所需地理信息数据'],
      林业和草原局: ['负责森林草原火灾、林业有害生物灾害防治', '统计林业灾害损失'],
      住房和城乡建设局: ['负责房屋和市政设施抗灾设防管理', '组织灾后房屋安全鉴定和恢复重建'],
      交通运输局: ['负责公路交通设施灾害防御和抢通', '保障救灾物资和人员运输'],
      卫生健康局: ['负责灾区医疗救治和卫生防疫', '组织灾后心理援助'],
      民政局: ['负责将符合条件的受灾困难群众纳入临时救助和社会救助', '指导开展救灾捐赠工作'],
      农业农村局: ['负责农业灾害监测预警和防灾减灾技术指导', '统计农作物受灾情况，指导灾后生产恢复'],
      公安局: ['负责灾区社会治安和交通秩序维护', '协助组织受灾群众转移'],
      消防救援大队: ['承担灾害事故应急救援任务', '参与受困群众搜救'],
    },
  },
  消安委: {
    lead: ['消防救援大队'],
    leadership: [
      ['body_director', '县委常委、常务副县长'],
      ['body_deputy', '县人民政府副县长、县公安局局长'],
      ['body_deputy', '县消防救援大队大队长'],
      ['office_director', '县消防救援大队副大队长'],
    ],
    dutyLine: '县消安办值班室',
    duties: {
      消防救援大队: [
        '承担县消安委办公室日常工作',
        '负责消防监督检查和火灾隐患整治',
        '组织火灾扑救和应急救援',
        '开展消防宣传教育培训',
      ],
      公安局: ['指导公安派出所开展消防监督检查', '依法查处失火、消防责任事故等违法犯罪行为'],
      住房和城乡建设局: ['负责建设工程消防设计审查验收', '督促物业服务企业落实消防安全责任'],
      教育局: ['负责学校、幼儿园消防安全管理', '将消防安全知识纳入学校安全教育'],
      卫生健康局: ['负责医疗卫生机构消防安全管理', '组织火灾事故伤员救治'],
      市场监督管理局: ['负责消防产品质量监督管理', '查处生产、销售不合格消防产品行为'],
      商务局: ['负责商贸流通企业消防安全管理', '督促大型商场、市场落实消防安全主体责任'],
      供电公司: ['负责电力设施消防安全', '开展电气火灾隐患排查，保障火灾扑救电力调度'],
    },
  },
  防汛抗旱: {
    lead: ['水务局'],
    leadership: [
      ['body_director', '县人民政府县长'],
      ['body_deputy', '县人民政府副县长（分管应急管理）'],
      ['body_deputy', '县人民政府副县长（分管水务）'],
      ['body_deputy', '县人武部部长'],
      ['office_director', '县应急管理局局长'],
    ],
    dutyLine: '县防汛抗旱指挥部办公室值班室',
    duties: {
      水务局: [
        '负责水情旱情监测预报预警',
        '负责水利工程调度，组织水库、淤地坝安全度汛',
        '承担水旱灾害防御技术支撑',
        '组织指导水毁水利工程修复',
      ],
      气象局: ['负责暴雨、干旱等灾害性天气监测预报预警', '及时向指挥部报送雨情和天气趋势'],
      自然资源局: ['负责汛期地质灾害监测预警和隐患点巡查', '组织地质灾害应急调查'],
      住房和城乡建设局: ['负责城区排水防涝', '组织在建工程、危旧房屋安全度汛检查'],
      交通运输局: ['负责公路、桥梁安全度汛和水毁公路抢通', '保障防汛抢险人员物资运输'],
      公安局: ['负责防汛抢险期间社会治安和交通管制', '协助组织危险区群众转移'],
      卫生健康局: ['负责洪涝灾区医疗救治和卫生防疫'],
      消防救援大队: ['承担抗洪抢险和被困群众救援', '协助开展城区排涝'],
      农业农村局: ['负责农业防汛抗旱和灾后农业生产恢复', '统计农业受灾情况'],
      供电公司: ['负责防汛抢险电力供应和电力设施抢修'],
      '通信保障）': ['负责防汛通信保障和受损通信设施抢修', '协助发布防汛预警短信'],
      民政局: ['负责受灾困难群众临时救助和基本生活保障'],
    },
  },
  森林防灭火: {
    lead: ['林业和草原局'],
    leadership: [
      ['body_director', '县人民政府县长'],
      ['body_deputy', '县人民政府副县长（分管林业）'],
      ['body_deputy', '县林业和草原局局长'],
      ['office_director', '县应急管理局局长'],
    ],
    dutyLine: '县森林草原防灭火指挥部办公室值班室',
    duties: {
      林业和草原局: [
        '负责森林草原火灾预防和火情早期处理',
        '组织防火巡护、火源管理和防火设施建设',
        '承担森林草原火灾扑救技术支撑',
      ],
      气象局: ['负责森林火险气象等级预报', '提供火场天气实况和人工增雨作业'],
      公安局: ['负责火场警戒和交通管制', '依法查处森林草原火灾案件'],
      消防救援大队: ['承担森林草原火灾扑救任务', '保护火场周边村庄和重要设施'],
      交通运输局: ['保障扑火人员和物资运输'],
      卫生健康局: ['负责火灾伤员医疗救治'],
      供电公司: ['负责林区输电线路火灾隐患排查', '保障扑火救灾电力供应'],
      '通信保障）': ['负责火场应急通信保障'],
    },
  },
  抗震救灾: {
    lead: ['住房和城乡建设局'],
    leadership: [
      ['body_director', '县人民政府县长'],
      ['body_deputy', '县委常委、常务副县长'],
      ['body_deputy', '县人民政府副县长（分管应急管理）'],
      ['office_director', '县应急管理局局长'],
    ],
    dutyLine: '县抗震救灾指挥部办公室值班室',
    duties: {
      住房和城乡建设局: ['负责房屋建筑和市政工程抗震设防监督管理', '组织震后房屋安全应急评估和恢复重建'],
      自然资源局: ['负责地震引发地质灾害的监测和应急调查'],
      交通运输局: ['负责震损公路、桥梁抢修抢通', '保障抗震救灾人员物资运输'],
      公安局: ['负责震区治安管理和交通管制', '参与被困人员搜救'],
      卫生健康局: ['负责震区医疗救治和卫生防疫', '组织医疗队伍和药品器械调配'],
      消防救援大队: ['承担地震灾害被困人员搜救'],
      教育局: ['负责学校校舍抗震安全和学生疏散', '组织学校震后复课'],
      民政局: ['负责遇难人员遗体处置和善后工作', '负责受灾困难群众救助'],
      供电公司: ['负责震后电力设施抢修和救灾电力供应'],
      '通信保障）': ['负责震后通信设施抢修和应急通信保障'],
      水务局: ['负责震损水库、堤防等水利工程险情排查处置', '保障震区群众饮水安全'],
    },
  },
  地质灾害: {
    lead: ['自然资源局'],
    leadership: [
      ['body_director', '县人民政府副县长（分管自然资源）'],
      ['body_deputy', '县自然资源局局长'],
      ['body_deputy', '县应急管理局局长'],
      ['office_director', '县自然资源局副局长'],
    ],
    dutyLine: '县地质灾害应急指挥部办公室值班室',
    duties: {
      自然资源局: [
        '负责地质灾害隐患点调查、监测和群测群防',
        '组织地质灾害应急调查和险情评估',
        '承担地质灾害防治技术支撑',
      ],
      气象局: ['联合发布地质灾害气象风险预警', '提供强降雨监测预报信息'],
      水务局: ['负责水库、河道周边地质灾害隐患巡查'],
      住房和城乡建设局: ['负责受威胁房屋安全鉴定', '指导切坡建房隐患整治'],
      交通运输局: ['负责公路沿线崩塌、滑坡隐患排查和抢通'],
      公安局: ['负责灾害现场警戒和治安维护', '协助组织受威胁群众转移'],
      卫生健康局: ['负责受伤人员医疗救治'],
      消防救援大队: ['承担地质灾害被困人员搜救'],
      民政局: ['负责转移群众临时安置和生活救助'],
    },
  },
};

/** The people who hold the leadership positions: one person per title, whatever body they serve. */
const PEOPLE_TITLES: readonly string[] = [
  ...new Set(Object.values(BODIES).flatMap((b) => b.leadership.map(([, title]) => title))),
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';

export interface DemoMembership {
  bodyName: string;
  unitName: string;
  role: MemberRole;
  duties: string[];
}

export interface DemoPerson {
  /** The org unit the person belongs to: the body (leadership) or the member unit. */
  unitName: string;
  /** For a member unit's person named for one body only. */
  bodyName: string | null;
  duty: ContactDuty;
  name: string;
  title: string | null;
  phone: string;
  officePhone: string | null;
}

export interface DemoDirectory {
  memberships: DemoMembership[];
  people: DemoPerson[];
}

/** A unit's short title prefix: 宁县水务局 → 县水务局; 国网宁县供电公司 → 国网宁县供电公司. */
function unitTitle(unitName: string): string {
  return unitName.startsWith('宁县') ? `县${unitName.slice(2)}` : unitName.replace(/（.*）$/, '');
}

function leaderTitle(unitName: string): string {
  const base = unitTitle(unitName);
  if (base.endsWith('大队')) return `${base}副大队长`;
  if (base.endsWith('公司')) return `${base}副总经理`;
  return `${base}副局长`;
}

/**
 * The demo directory for `bodies` (name and member unit names, as the database holds them): duty lists
 * for the member units this generator knows, leadership for the bodies it knows, a 分管领导 and 联络员 for
 * every member unit, and one 联络员 named for one body only (防汛抗旱, 水务局: the flood-season post).
 */
export function generateDemoDirectory(bodies: { name: string; memberNames: string[] }[]): DemoDirectory {
  const memberships: DemoMembership[] = [];
  const people: DemoPerson[] = [];
  let mobiles = 0;
  let landlines = 0;
  const mobile = () => `1390001${String((mobiles += 1)).padStart(4, '0')}`;
  const landline = () => `0934-0000${String((landlines += 1)).padStart(3, '0')}`;
  const surname = (i: number) => SURNAMES[i % SURNAMES.length]!;

  const leaders = new Map(
    PEOPLE_TITLES.map((title, i) => [
      title,
      { name: `${surname(i)}某某（演示）`, phone: mobile(), office: landline() },
    ]),
  );
  for (const body of bodies) {
    const demo = BODIES[bodyShortName(body.name)];
    if (!demo) continue;
    for (const [duty, title] of demo.leadership) {
      const p = leaders.get(title)!;
      people.push({
        unitName: body.name,
        bodyName: null,
        duty,
        name: p.name,
        title,
        phone: p.phone,
        officePhone: p.office,
      });
    }
    const line = landline();
    people.push({
      unitName: body.name,
      bodyName: null,
      duty: 'office_duty',
      name: `${demo.dutyLine}（演示）`,
      title: '24 小时值班',
      phone: line,
      officePhone: line,
    });
    for (const unitName of body.memberNames) {
      const key = unitKeyOf(unitName);
      if (!key) continue;
      memberships.push({
        bodyName: body.name,
        unitName,
        role: demo.lead.includes(key) ? 'lead' : 'member',
        duties: demo.duties[key] ?? [],
      });
    }
  }

  // Unit-wide people: every member unit once, in the order the units first appear.
  const units = [...new Set(bodies.flatMap((b) => b.memberNames))].filter((u) => unitKeyOf(u));
  units.forEach((unitName, i) => {
    const office = landline();
    people.push({
      unitName,
      bodyName: null,
      duty: 'unit_leader',
      name: `${surname(i + PEOPLE_TITLES.length)}某（演示）`,
      title: leaderTitle(unitName),
      phone: mobile(),
      officePhone: office,
    });
    people.push({
      unitName,
      bodyName: null,
      duty: 'liaison',
      name: `${surname(i + PEOPLE_TITLES.length + 7)}某某（演示）`,
      title: `${unitTitle(unitName)}办公室主任`,
      phone: mobile(),
      officePhone: office,
    });
  });
  const flood = bodies.find((b) => bodyShortName(b.name) === '防汛抗旱');
  const water = flood?.memberNames.find((u) => unitKeyOf(u) === '水务局');
  if (flood && water)
    people.push({
      unitName: water,
      bodyName: flood.name,
      duty: 'liaison',
      name: '贺某某（演示）',
      title: `${unitTitle(water)}水旱灾害防御股股长`,
      phone: mobile(),
      officePhone: landline(),
    });
  return { memberships, people };
}

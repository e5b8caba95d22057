/**
 * Warning templates (issue #5 part 2): the closed set of hazards a county warning is issued for, the levels
 * each has, the CAP category and event, and the standard Chinese wording — headline
 * "宁县应急管理局发布暴雨橙色预警", the signal's criterion for the level (STANDARDS.md §3, official wording of
 * 《气象灾害预警信号及防御指南》, 中国气象局 2007) and the defence guidance (防御指南) of that signal and level.
 *
 * Every text carries a status, as in STANDARDS.md: CONFIRMED (read in a public page quoting the national
 * guide), PARTIAL (read in one page without an address, or pieced together) or UNCONFIRMED (a short generic
 * text written here because no source was found). docs/standards/warning-templates.md lists them all.
 *
 * Sources read (secondary transcriptions of the 2007 guide and of warnings relayed by 国家预警信息发布中心):
 * - 暴雨: http://m.vokmxtx.cn/bkzl/ggkm/gj/13594.html, https://sanhaigui.com/alarm/yjxhsm/07/1152.shtml
 * - 暴雪: http://cneb.gov.cn/2021/12/25/ARTI1640445671690291.shtml (蓝), https://www.uutqw.com/baike/155643.html
 *   (criteria, 黄), http://www.tianqiwang.org/2010/0729/11246.html and
 *   https://m.folksfolks.com/news/2019-12/15/content_30095138.htm (橙), https://kuaish.com/8989/12508.html (红)
 * - 寒潮: https://www.bqbk.net/changshi/QElyq03aKe.html
 * - 大风: https://chengde.tv/news/2022/0814/11201672/65126.html, http://m.viaggibudapest.com/alarm/yjxhsm/09/67804.shtml,
 *   http://henanlong.com/c/111912A5S2022.html (橙 item 5), https://608080.com/cs/5046.html (红 criterion)
 * - 高温: http://weather.com.cn/alarm/yjxhsm/09/67912.shtml (guidance), https://m.how234.com/eamydjehche.html (criteria)
 * - 干旱: http://m.cgzdl.com/jiaoxue/zaihai/12672.html, http://www.tianqiwang.org/2010/0729/29196.html,
 *   http://www1.shanyingquana.com/gjyzz/1922.html (橙 criterion)
 * - 冰雹: https://223.ywz1.com/t/1802383.amp
 * - 霜冻: http://www.20tianqi.com/news1255032 (蓝), https://original-cn.qweather.net/severe-weather/tongxiang-101210304.html
 *   and http://photo.guhantai.com/news/20221009/30566.html (黄)
 * - 沙尘暴: http://aihuau.com/a/3349371/26602801.html
 * - 大雾: https://www.40tianqi.cn/news1241695 (黄), https://tianqi.exinshi.com/houma/alarm-202403010723193518.html (橙),
 *   https://40tianqi.cn/news1253294 and https://news.sohu.com/20111101/n324073896.shtml (红)
 * - 道路结冰: http://nakedoat.com/zt/qlzhkyyxbdzhgz/content_872778.htm, http://weather.com.cn/henan/tqyj/daolujiebing.shtml
 * - 森林火险 (信号 黄/橙/红 = 火险等级 三/四/五级, STANDARDS.md §5.1): https://www.hzliantuo.com/News-392691.html
 * - 山洪 levels: STANDARDS.md §8 (山洪灾害气象风险预警); 地质灾害 levels: STANDARDS.md §6.2; level words
 *   (一般/较重/严重/特别严重): STANDARDS.md §2.3.
 *
 * Provinces may issue their own signal standard and the 甘肃省 version has not been checked (STANDARDS.md §3):
 * a county that adopts it overrides these texts (they are data, passed to `composeWarningText`).
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { EVERY_PROBLEM } from '../calc/checks.ts';
import { WARNING_LEVEL_COLOURS, WARNING_LEVELS, type WarningLevel } from './levels.ts';

export const WARNING_HAZARDS = [
  'rainstorm',
  'snowstorm',
  'coldwave',
  'wind',
  'heat',
  'drought',
  'hail',
  'frost',
  'dust',
  'fog',
  'road_icing',
  'flash_flood',
  'geohazard',
  'forest_fire',
  'hazmat',
  'other',
] as const;
export type WarningHazard = (typeof WARNING_HAZARDS)[number];
export const WarningHazardSchema = z.enum(WARNING_HAZARDS);

export const WARNING_HAZARD_LABELS: Record<WarningHazard, { zh: string; en: string }> = {
  rainstorm: { zh: '暴雨', en: 'Rainstorm' },
  snowstorm: { zh: '暴雪', en: 'Snowstorm' },
  coldwave: { zh: '寒潮', en: 'Cold wave' },
  wind: { zh: '大风', en: 'Gale' },
  heat: { zh: '高温', en: 'Heat' },
  drought: { zh: '干旱', en: 'Drought' },
  hail: { zh: '冰雹', en: 'Hail' },
  frost: { zh: '霜冻', en: 'Frost' },
  dust: { zh: '沙尘暴', en: 'Sandstorm' },
  fog: { zh: '大雾', en: 'Heavy fog' },
  road_icing: { zh: '道路结冰', en: 'Road icing' },
  flash_flood: { zh: '山洪', en: 'Flash flood' },
  geohazard: { zh: '地质灾害', en: 'Geological hazard' },
  forest_fire: { zh: '森林火险', en: 'Forest fire danger' },
  hazmat: { zh: '危险化学品泄漏', en: 'Hazardous chemical release' },
  other: { zh: '其他', en: 'Other' },
};

/** The CAP 1.2 categories our hazards use (a subset of CAP's closed list). */
export const WARNING_CAP_CATEGORIES = ['Met', 'Geo', 'Fire', 'CBRNE', 'Safety', 'Other'] as const;
export type WarningCapCategory = (typeof WARNING_CAP_CATEGORIES)[number];

/**
 * CAP `category` and `event` per hazard. CAP 1.2 puts floods under Met ("Meteorological (inc. flood)"),
 * landslides under Geo, fire under Fire, chemical releases under CBRNE.
 */
export const WARNING_HAZARD_CAP: Record<WarningHazard, { category: WarningCapCategory; event: string }> = {
  rainstorm: { category: 'Met', event: '暴雨' },
  snowstorm: { category: 'Met', event: '暴雪' },
  coldwave: { category: 'Met', event: '寒潮' },
  wind: { category: 'Met', event: '大风' },
  heat: { category: 'Met', event: '高温' },
  drought: { category: 'Met', event: '干旱' },
  hail: { category: 'Met', event: '冰雹' },
  frost: { category: 'Met', event: '霜冻' },
  dust: { category: 'Met', event: '沙尘暴' },
  fog: { category: 'Met', event: '大雾' },
  road_icing: { category: 'Met', event: '道路结冰' },
  flash_flood: { category: 'Met', event: '山洪灾害' },
  geohazard: { category: 'Geo', event: '地质灾害' },
  forest_fire: { category: 'Fire', event: '森林火险' },
  hazmat: { category: 'CBRNE', event: '危险化学品泄漏' },
  other: { category: 'Other', event: '突发事件' },
};

/**
 * The level's grade and degree words (《突发事件应对法》, STANDARDS.md §2.3: 一级…四级, 特别严重/严重/较重/一般)
 * and the colour word of headlines (levels.ts `WARNING_LEVEL_COLOURS`).
 */
export const WARNING_LEVEL_WORDING: Record<
  WarningLevel,
  { zh: string; grade: string; degree: string; en: string }
> = {
  blue: { zh: WARNING_LEVEL_COLOURS.blue, grade: 'Ⅳ级', degree: '一般', en: 'Blue' },
  yellow: { zh: WARNING_LEVEL_COLOURS.yellow, grade: 'Ⅲ级', degree: '较重', en: 'Yellow' },
  orange: { zh: WARNING_LEVEL_COLOURS.orange, grade: 'Ⅱ级', degree: '严重', en: 'Orange' },
  red: { zh: WARNING_LEVEL_COLOURS.red, grade: 'Ⅰ级', degree: '特别严重', en: 'Red' },
};

export type TextStatus = 'CONFIRMED' | 'PARTIAL' | 'UNCONFIRMED';

/** One hazard at one level: the criterion (标准) and the defence guidance (防御指南), each with a status. */
export interface LevelTemplate {
  criterion: string;
  criterionStatus: TextStatus;
  guidance: readonly string[];
  guidanceStatus: TextStatus;
}

const C: TextStatus = 'CONFIRMED';
const P: TextStatus = 'PARTIAL';
const U: TextStatus = 'UNCONFIRMED';
const t = (
  criterion: string,
  criterionStatus: TextStatus,
  guidance: readonly string[],
  guidanceStatus: TextStatus,
): LevelTemplate => ({ criterion, criterionStatus, guidance, guidanceStatus });

/** Generic 突发事件 criterion by level, from the level words of 《突发事件应对法》 (STANDARDS.md §2.3). */
const eventCriterion = (what: string, level: WarningLevel) =>
  `${what}可能造成${WARNING_LEVEL_WORDING[level].degree}的危害，预警级别为${WARNING_LEVEL_WORDING[level].grade}（${WARNING_LEVEL_WORDING[level].zh}）。`;

/**
 * The national texts by hazard and level. A level a hazard does not have is absent (高温 has no 蓝;
 * 干旱 and 冰雹 only 橙/红; 霜冻 no 红; 沙尘暴, 大雾, 道路结冰 and 森林火险 no 蓝).
 */
export const WARNING_TEMPLATES: Record<WarningHazard, Partial<Record<WarningLevel, LevelTemplate>>> = {
  rainstorm: {
    blue: t(
      '12小时内降雨量将达50毫米以上，或者已达50毫米以上且降雨可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防暴雨准备工作',
        '学校、幼儿园采取适当措施，保证学生和幼儿安全',
        '驾驶人员应当注意道路积水和交通阻塞，确保安全',
        '检查城市、农田、鱼塘排水系统，做好排涝准备',
      ],
      C,
    ),
    yellow: t(
      '6小时内降雨量将达50毫米以上，或者已达50毫米以上且降雨可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防暴雨工作',
        '交通管理部门应当根据路况在强降雨路段采取交通管制措施，在积水路段实行交通引导',
        '切断低洼地带有危险的室外电源，暂停在空旷地方的户外作业，转移危险地带人员和危房居民到安全场所避雨',
        '检查城市、农田、鱼塘排水系统，采取必要的排涝措施',
      ],
      C,
    ),
    orange: t(
      '3小时内降雨量将达50毫米以上，或者已达50毫米以上且降雨可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防暴雨应急工作',
        '切断有危险的室外电源，暂停户外作业',
        '处于危险地带的单位应当停课、停业，采取专门措施保护已到校学生、幼儿和其他上班人员的安全',
        '做好城市、农田的排涝，注意防范可能引发的山洪、滑坡、泥石流等灾害',
      ],
      C,
    ),
    red: t(
      '3小时内降雨量将达100毫米以上，或者已达100毫米以上且降雨可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防暴雨应急和抢险工作',
        '停止集会、停课、停业（除特殊行业外）',
        '做好山洪、滑坡、泥石流等灾害的防御和抢险工作',
      ],
      C,
    ),
  },
  snowstorm: {
    blue: t(
      '12小时内降雪量将达4毫米以上，或者已达4毫米以上且降雪持续，可能对交通或者农牧业有影响。',
      C,
      [
        '政府及有关部门按照职责做好防雪灾和防冻害准备工作',
        '交通、铁路、电力、通信等部门应当进行道路、铁路、线路巡查维护，做好道路清扫和积雪融化工作',
        '行人注意防寒防滑，驾驶人员小心驾驶，车辆应当采取防滑措施',
        '农牧区和种养殖业要储备饲料，做好防雪灾和防冻害准备',
        '加固棚架等易被雪压的临时搭建物',
      ],
      C,
    ),
    yellow: t(
      '12小时内降雪量将达6毫米以上，或者已达6毫米以上且降雪持续，可能对交通或者农牧业有影响。',
      C,
      [
        '政府及相关部门按照职责落实防雪灾和防冻害措施',
        '交通、铁路、电力、通信等部门应当加强道路、铁路、线路巡查维护，做好道路清扫和积雪融化工作',
        '行人注意防寒防滑，驾驶人员小心驾驶，车辆应当采取防滑措施',
        '农牧区和种养殖业要备足饲料，做好防雪灾和防冻害准备',
        '加固棚架等易被雪压的临时搭建物',
      ],
      C,
    ),
    orange: t(
      '6小时内降雪量将达10毫米以上，或者已达10毫米以上且降雪持续，可能或者已经对交通或者农牧业有较大影响。',
      C,
      [
        '政府及相关部门按照职责做好防雪灾和防冻害的应急工作',
        '交通、铁路、电力、通信等部门应当加强道路、铁路、线路巡查维护，做好道路清扫和积雪融化工作',
        '减少不必要的户外活动',
        '加固棚架等易被雪压的临时搭建物，将户外牲畜赶入棚圈喂养',
      ],
      P,
    ),
    red: t(
      '6小时内降雪量将达15毫米以上，或者已达15毫米以上且降雪持续，可能或者已经对交通或者农牧业有较大影响。',
      C,
      [
        '政府及相关部门按照职责做好防雪灾和防冻害的应急和抢险工作',
        '必要时停课、停业（除特殊行业外）',
        '必要时飞机暂停起降，火车暂停运行，高速公路暂时封闭',
        '做好牧区等救灾救济工作',
      ],
      C,
    ),
  },
  coldwave: {
    blue: t(
      '48小时内最低气温将要下降8℃以上，最低气温小于等于4℃，陆地平均风力可达5级以上；或者已经下降8℃以上，最低气温小于等于4℃，平均风力达5级以上，并可能持续。',
      C,
      [
        '政府及有关部门按照职责做好防寒潮准备工作',
        '注意添衣保暖',
        '对热带作物、水产品采取一定的防护措施',
        '做好防风准备工作',
      ],
      C,
    ),
    yellow: t(
      '24小时内最低气温将要下降10℃以上，最低气温小于等于4℃，陆地平均风力可达6级以上；或者已经下降10℃以上，最低气温小于等于4℃，平均风力达6级以上，并可能持续。',
      C,
      [
        '政府及有关部门按照职责做好防寒潮工作',
        '注意添衣保暖，照顾好老、弱、病人',
        '对牲畜、家禽和热带、亚热带水果及有关水产品、农作物等采取防寒措施',
        '做好防风工作',
      ],
      C,
    ),
    orange: t(
      '24小时内最低气温将要下降12℃以上，最低气温小于等于0℃，陆地平均风力可达6级以上；或者已经下降12℃以上，最低气温小于等于0℃，平均风力达6级以上，并可能持续。',
      C,
      [
        '政府及有关部门按照职责做好防寒潮应急工作',
        '注意防寒保暖',
        '农业、水产业、畜牧业等要积极采取防霜冻、冰冻等防寒措施，尽量减少损失',
        '做好防风工作',
      ],
      C,
    ),
    red: t(
      '24小时内最低气温将要下降16℃以上，最低气温小于等于0℃，陆地平均风力可达6级以上；或者已经下降16℃以上，最低气温小于等于0℃，平均风力达6级以上，并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防寒潮的应急和抢险工作',
        '注意防寒保暖',
        '农业、水产业、畜牧业等要积极采取防霜冻、冰冻等防寒措施，尽量减少损失',
        '做好防风工作',
      ],
      C,
    ),
  },
  wind: {
    blue: t(
      '24小时内可能受大风影响，平均风力可达6级以上，或者阵风7级以上；或者已经受大风影响，平均风力为6～7级，或者阵风7～8级并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防大风工作',
        '关好门窗，加固围板、棚架、广告牌等易被风吹动的搭建物，妥善安置易受大风影响的室外物品，遮盖建筑物资',
        '相关水域水上作业和过往船舶采取积极的应对措施，如回港避风或者绕道航行等',
        '行人注意尽量少骑自行车，刮风时不要在广告牌、临时搭建物等下面逗留',
        '有关部门和单位注意森林、草原等防火',
      ],
      C,
    ),
    yellow: t(
      '12小时内可能受大风影响，平均风力可达8级以上，或者阵风9级以上；或者已经受大风影响，平均风力为8～9级，或者阵风9～10级并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防大风工作',
        '停止露天活动和高空等户外危险作业，危险地带人员和危房居民尽量转到避风场所避风',
        '相关水域水上作业和过往船舶采取积极的应对措施，加固港口设施，防止船舶走锚、搁浅和碰撞',
        '切断户外危险电源，妥善安置易受大风影响的室外物品，遮盖建筑物资',
        '机场、高速公路等单位应当采取保障交通安全的措施，有关部门和单位注意森林、草原等防火',
      ],
      C,
    ),
    orange: t(
      '6小时内可能受大风影响，平均风力可达10级以上，或者阵风11级以上；或者已经受大风影响，平均风力为10～11级，或者阵风11～12级并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防大风应急工作',
        '房屋抗风能力较弱的中小学校和单位应当停课、停业，人员减少外出',
        '相关水域水上作业和过往船舶应当回港避风，加固港口设施，防止船舶走锚、搁浅和碰撞',
        '切断危险电源，妥善安置易受大风影响的室外物品，遮盖建筑物资',
        '机场、铁路、高速公路、水上交通等单位应当采取保障交通安全的措施，有关部门和单位注意森林、草原等防火',
      ],
      C,
    ),
    red: t(
      '6小时内可能受大风影响，平均风力可达12级以上，或者阵风13级以上；或者已经受大风影响，平均风力为12级以上，或者阵风13级以上并可能持续。',
      C,
      // UNCONFIRMED: the national 大风红色 guidance was not found in any page read; a short generic text.
      [
        '政府及相关部门按照职责做好防大风应急和抢险工作',
        '人员应当尽可能停留在防风安全的地方，不要随意外出',
        '切断危险电源，妥善安置易受大风影响的室外物品',
        '机场、铁路、高速公路等单位应当采取停运等措施，有关部门和单位注意森林、草原等防火',
      ],
      U,
    ),
  },
  heat: {
    yellow: t(
      '连续三天日最高气温将在35℃以上。',
      C,
      [
        '有关部门和单位按照职责做好防暑降温准备工作',
        '午后尽量减少户外活动',
        '对老、弱、病、幼人群提供防暑降温指导',
        '高温条件下作业和白天需要长时间进行户外露天作业的人员应当采取必要的防护措施',
      ],
      C,
    ),
    orange: t(
      '24小时内最高气温将升至37℃以上。',
      C,
      [
        '有关部门和单位按照职责落实防暑降温保障措施',
        '尽量避免在高温时段进行户外活动，高温条件下作业的人员应当缩短连续工作时间',
        '对老、弱、病、幼人群提供防暑降温指导，并采取必要的防护措施',
        '有关部门和单位应当注意防范因用电量过高，以及电线、变压器等电力负载过大而引发的火灾',
      ],
      C,
    ),
    red: t(
      '24小时内最高气温将升至40℃以上。',
      C,
      [
        '有关部门和单位按照职责采取防暑降温应急措施',
        '停止户外露天作业（除特殊行业外）',
        '对老、弱、病、幼人群采取保护措施',
        '有关部门和单位要特别注意防火',
      ],
      C,
    ),
  },
  drought: {
    orange: t(
      '预计未来一周综合气象干旱指数达到重旱（气象干旱为25～50年一遇），或者某一县（区）有40%以上的农作物受旱。',
      C,
      [
        '有关部门和单位按照职责做好防御干旱的应急工作',
        '有关部门启用应急备用水源，调度辖区内一切可用水源，优先保障城乡居民生活用水和牲畜饮水',
        '压减城镇供水指标，优先经济作物灌溉用水，限制大量农业灌溉用水',
        '限制非生产性高耗水及服务业用水，限制排放工业污水',
        '气象部门适时进行人工增雨作业',
      ],
      C,
    ),
    red: t(
      '预计未来一周综合气象干旱指数达到特旱（气象干旱为50年以上一遇），或者某一县（区）有60%以上的农作物受旱。',
      C,
      [
        '有关部门和单位按照职责做好防御干旱的应急和救灾工作',
        '各级政府和有关部门启动远距离调水等应急供水方案，采取提外水、打深井、车载送水等多种手段，确保城乡居民生活和牲畜饮水',
        '限时或者限量供应城镇居民生活用水，缩小或者阶段性停止农业灌溉供水',
        '严禁非生产性高耗水及服务业用水，暂停排放工业污水',
        '气象部门适时加大人工增雨作业力度',
      ],
      C,
    ),
  },
  hail: {
    orange: t(
      '6小时内可能出现冰雹天气，并可能造成雹灾。',
      C,
      [
        '政府及相关部门按照职责做好防冰雹的应急工作',
        '气象部门做好人工防雹作业准备并择机进行作业',
        '户外行人立即到安全的地方暂避',
        '驱赶家禽、牲畜进入有顶篷的场所，妥善保护易受冰雹袭击的汽车等室外物品或者设备',
        '注意防御冰雹天气伴随的雷电灾害',
      ],
      C,
    ),
    red: t(
      '2小时内出现冰雹可能性极大，并可能造成重雹灾。',
      C,
      [
        '政府及相关部门按照职责做好防冰雹的应急和抢险工作',
        '气象部门适时开展人工防雹作业',
        '户外行人立即到安全的地方暂避',
        '驱赶家禽、牲畜进入有顶篷的场所，妥善保护易受冰雹袭击的汽车等室外物品或者设备',
        '注意防御冰雹天气伴随的雷电灾害',
      ],
      C,
    ),
  },
  frost: {
    blue: t(
      '48小时内地面最低温度将要下降到0℃以下，对农业将产生影响，或者已经降到0℃以下，对农业已经产生影响，并可能持续。',
      C,
      [
        '政府及农林主管部门按照职责做好防霜冻准备工作',
        '对农作物、蔬菜、花卉、瓜果、林业育种要采取一定的防护措施',
        '农村基层组织和农户要关注当地霜冻预警信息，以便采取措施加强防护',
      ],
      C,
    ),
    yellow: t(
      '24小时内地面最低温度将要下降到零下3℃以下，对农业将产生严重影响，或者已经降到零下3℃以下，对农业已经产生严重影响，并可能持续。',
      C,
      [
        '政府及农林主管部门按照职责做好防霜冻应急工作',
        '农村基层组织要广泛发动群众，防灾抗灾',
        '对农作物、林业育种要积极采取田间灌溉等防霜冻、冰冻措施，尽量减少损失',
        '对蔬菜、花卉、瓜果要采取覆盖、喷洒防冻液等措施，减轻冻害',
      ],
      C,
    ),
    // PARTIAL: the 橙 criterion follows the 黄 wording with −5 ℃ (STANDARDS.md §3); the guidance was read in one
    // relayed warning (古交市气象台) whose page address was not given.
    orange: t(
      '24小时内地面最低温度将要下降到零下5℃以下，对农业将产生严重影响，或者已经降到零下5℃以下，对农业已经产生严重影响，并可能持续。',
      P,
      [
        '政府及农林主管部门按照职责做好防霜冻应急工作',
        '农村基层组织要广泛发动群众，防灾抗灾',
        '对农作物、蔬菜、花卉、瓜果、林业育种要采取积极的应对措施，尽量减少损失',
      ],
      P,
    ),
  },
  dust: {
    yellow: t(
      '12小时内可能出现沙尘暴天气（能见度小于1000米），或者已经出现沙尘暴天气并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防沙尘暴工作',
        '关好门窗，加固围板、棚架、广告牌等易被风吹动的搭建物，妥善安置易受大风影响的室外物品，遮盖建筑物资，做好精密仪器的密封工作',
        '注意携带口罩、纱巾等防尘用品，以免沙尘对眼睛和呼吸道造成损伤',
        '呼吸道疾病患者、对风沙较敏感人员不要到室外活动',
      ],
      C,
    ),
    orange: t(
      '6小时内可能出现强沙尘暴天气（能见度小于500米），或者已经出现强沙尘暴天气并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防沙尘暴应急工作',
        '停止露天活动和高空、水上等户外危险作业',
        '机场、铁路、高速公路等单位做好交通安全的防护措施，驾驶人员注意沙尘暴变化，小心驾驶',
        '行人注意尽量少骑自行车，户外人员应当戴好口罩、纱巾等防尘用品，注意交通安全',
      ],
      C,
    ),
    red: t(
      '6小时内可能出现特强沙尘暴天气（能见度小于50米），或者已经出现特强沙尘暴天气并可能持续。',
      C,
      [
        '政府及相关部门按照职责做好防沙尘暴应急抢险工作',
        '人员应当留在防风、防尘的地方，不要在户外活动',
        '学校、幼儿园推迟上学或者放学，直至特强沙尘暴结束',
        '飞机暂停起降，火车暂停运行，高速公路暂时封闭',
      ],
      C,
    ),
  },
  fog: {
    yellow: t(
      '12小时内可能出现能见度小于500米的雾，或者已经出现能见度小于500米、大于等于200米的雾并将持续。',
      C,
      [
        '有关部门和单位按照职责做好防雾准备工作',
        '机场、高速公路、轮渡码头等单位加强交通管理，保障安全',
        '驾驶人员注意雾的变化，小心驾驶',
        '户外活动注意安全',
      ],
      C,
    ),
    orange: t(
      '6小时内可能出现能见度小于200米的雾，或者已经出现能见度小于200米、大于等于50米的雾并将持续。',
      P,
      [
        '有关部门和单位按照职责做好防雾工作',
        '机场、高速公路、轮渡码头等单位加强调度指挥',
        '驾驶人员必须严格控制车、船的行进速度',
        '减少户外活动',
      ],
      C,
    ),
    red: t(
      '2小时内可能出现能见度小于50米的雾，或者已经出现能见度小于50米的雾并将持续。',
      C,
      [
        '有关部门和单位按照职责做好防雾应急工作',
        '有关单位按照行业规定适时采取交通安全管制措施，如机场暂停飞机起降，高速公路暂时封闭，轮渡暂时停航等',
        '驾驶人员根据雾天行驶规定，采取雾天预防措施，根据环境条件采取合理行驶方式，并尽快寻找安全停放区域停靠',
        '不要进行户外活动',
      ],
      C,
    ),
  },
  road_icing: {
    yellow: t(
      '当路表温度低于0℃，出现降水，12小时内可能出现对交通有影响的道路结冰。',
      C,
      [
        '交通、公安等部门要按照职责做好道路结冰应对准备工作',
        '驾驶人员应当注意路况，安全行驶',
        '行人外出尽量少骑自行车，注意防滑',
      ],
      C,
    ),
    orange: t(
      '当路表温度低于0℃，出现降水，6小时内可能出现对交通有较大影响的道路结冰。',
      C,
      [
        '交通、公安等部门要按照职责做好道路结冰应急工作',
        // The published text reads "慢速行使" (a typo in the national guide); written 行驶 here.
        '驾驶人员必须采取防滑措施，听从指挥，慢速行驶',
        '行人出门注意防滑',
      ],
      C,
    ),
    red: t(
      '当路表温度低于0℃，出现降水，2小时内可能出现或者已经出现对交通有很大影响的道路结冰。',
      C,
      [
        '交通、公安等部门做好道路结冰应急和抢险工作',
        '交通、公安等部门注意指挥和疏导行驶车辆，必要时关闭结冰道路交通',
        '人员尽量减少外出',
      ],
      C,
    ),
  },
  // 山洪灾害气象风险预警 (水利部、中国气象局): the likelihood words are CONFIRMED (STANDARDS.md §8); no national
  // guidance text was found, so the guidance is a short generic one (UNCONFIRMED).
  flash_flood: {
    blue: t(
      '预计未来可能发生山洪灾害（山洪灾害气象风险Ⅳ级）。',
      C,
      [
        '有关部门和单位按照职责做好山洪灾害防御准备工作',
        '山洪灾害危险区责任人加强雨情、水情监测，做好人员转移准备',
        '群众注意收听预警信息，不要在河道、沟谷附近停留',
      ],
      U,
    ),
    yellow: t(
      '预计未来发生山洪灾害的可能性较大（山洪灾害气象风险Ⅲ级）。',
      C,
      [
        '有关部门和单位按照职责做好山洪灾害防御工作',
        '危险区责任人加密巡查，组织老、弱、病、残等人员提前转移',
        '停止在河道、沟谷内的户外作业和活动',
      ],
      U,
    ),
    orange: t(
      '预计未来发生山洪灾害的可能性大（山洪灾害气象风险Ⅱ级）。',
      C,
      [
        '有关部门和单位按照职责做好山洪灾害防御应急工作',
        '危险区人员立即转移到安全地点，不得返回',
        '处于危险地带的单位停课、停业，远离河道、沟谷和陡坡',
      ],
      U,
    ),
    red: t(
      '预计未来发生山洪灾害的可能性很大（山洪灾害气象风险Ⅰ级）。',
      C,
      [
        '有关部门和单位按照职责做好山洪灾害防御应急和抢险工作',
        '危险区人员应转尽转，立即全部转移到安全地点，严禁进入危险区',
        '停止集会、停课、停业（除特殊行业外）',
      ],
      U,
    ),
  },
  // 地质灾害气象风险预警 (STANDARDS.md §6.2): level meanings CONFIRMED, the blue colour of 四级 UNCONFIRMED;
  // the guidance is a short generic one (UNCONFIRMED).
  geohazard: {
    blue: t(
      '预计未来发生地质灾害有一定风险（地质灾害气象风险四级）。',
      P,
      [
        '有关部门和单位按照职责做好地质灾害防御准备工作',
        '群测群防员加强隐患点巡查监测',
        '群众注意观察房前屋后山体、斜坡变化',
      ],
      U,
    ),
    yellow: t(
      '预计未来发生地质灾害的风险较高（地质灾害气象风险三级）。',
      C,
      [
        '有关部门和单位按照职责做好地质灾害防御工作',
        '加密隐患点巡查监测，做好受威胁群众转移准备',
        '降雨期间不在陡坡、沟谷附近停留',
      ],
      U,
    ),
    orange: t(
      '预计未来发生地质灾害的风险高（地质灾害气象风险二级）。',
      C,
      [
        '有关部门和单位按照职责做好地质灾害防御应急工作',
        '组织隐患点受威胁群众转移避让',
        '停止危险区内的户外作业和施工',
      ],
      U,
    ),
    red: t(
      '预计未来发生地质灾害的风险很高（地质灾害气象风险一级）。',
      C,
      [
        '有关部门和单位按照职责做好地质灾害防御应急和抢险工作',
        '立即组织受威胁群众全部撤离，应转尽转',
        '严禁人员进入危险区，必要时停课、停业',
      ],
      U,
    ),
  },
  // 森林火险预警信号 黄/橙/红 = 森林火险气象等级 三/四/五级 (QX/T 77-2007 signs, STANDARDS.md §5.1); levels
  // 一、二级 have no signal. Guidance from one secondary page (PARTIAL; its 红 text was cut off).
  forest_fire: {
    yellow: t(
      '较高火险，森林火险气象等级为三级，林内可燃物较易燃烧，森林火灾较易发生。',
      C,
      [
        '进入森林防火戒备状态，有关单位应当加强森林防火宣传教育，普及用火安全指引',
        '加强巡山护林和野外用火的监管工作',
        '进入森林防火区注意防火，森林防火区用火要做好防范措施，勿留火种',
        '充分做好扑火救灾准备工作',
      ],
      P,
    ),
    orange: t(
      '高火险，森林火险气象等级为四级，林内可燃物容易燃烧，森林火灾容易发生，火势蔓延速度快。',
      C,
      [
        '进入森林防火临战状态，有关单位应当进一步加强森林防火宣传教育',
        '加大巡山护林和野外用火的监管力度',
        '加强检查，禁止携带火种进山，严格管制野外火源',
        '充分做好扑火救灾准备工作',
      ],
      P,
    ),
    red: t(
      '极高火险，森林火险气象等级为五级，林内可燃物极易燃烧，森林火灾极易发生，火势蔓延速度极快。',
      C,
      [
        '进入紧急防火状态，有关单位加强值班调度，密切注意林火信息动态',
        '进一步加强巡山护林，落实各项防范措施',
        '严禁一切野外用火',
        '扑火队伍靠前驻防，随时做好扑救准备',
      ],
      P,
    ),
  },
  // 危险化学品泄漏: no national signal; level words of 《突发事件应对法》 (§2.3), generic guidance (UNCONFIRMED).
  hazmat: {
    blue: t(eventCriterion('危险化学品泄漏', 'blue'), C, hazmatGuidance('blue'), U),
    yellow: t(eventCriterion('危险化学品泄漏', 'yellow'), C, hazmatGuidance('yellow'), U),
    orange: t(eventCriterion('危险化学品泄漏', 'orange'), C, hazmatGuidance('orange'), U),
    red: t(eventCriterion('危险化学品泄漏', 'red'), C, hazmatGuidance('red'), U),
  },
  other: {
    blue: t(eventCriterion('突发事件', 'blue'), C, otherGuidance('blue'), U),
    yellow: t(eventCriterion('突发事件', 'yellow'), C, otherGuidance('yellow'), U),
    orange: t(eventCriterion('突发事件', 'orange'), C, otherGuidance('orange'), U),
    red: t(eventCriterion('突发事件', 'red'), C, otherGuidance('red'), U),
  },
};

function hazmatGuidance(level: WarningLevel): string[] {
  const base = [
    '有关部门和单位按照职责做好危险化学品泄漏事件的监测和处置工作',
    '周边群众关闭门窗，听从指挥，不要围观',
  ];
  switch (level) {
    case 'blue':
    case 'yellow':
      return [...base, '在下风向的人员做好转移准备'];
    case 'orange':
      return [...base, '下风向及警戒区内人员用湿毛巾捂住口鼻，按指定路线向上风向转移'];
    case 'red':
      return [
        '有关部门和单位按照职责做好危险化学品泄漏事件的应急和抢险工作',
        '警戒区内人员立即按指定路线向上风向撤离，严禁进入警戒区',
        '停止警戒区周边的集会、生产经营活动',
      ];
  }
}

function otherGuidance(level: WarningLevel): string[] {
  switch (level) {
    case 'blue':
      return ['有关部门和单位按照职责做好防范准备工作', '公众注意关注后续预警信息'];
    case 'yellow':
      return ['有关部门和单位按照职责做好防范工作', '公众减少前往受影响区域，注意关注后续预警信息'];
    case 'orange':
      return ['有关部门和单位按照职责做好应急工作', '受影响区域人员听从指挥，必要时转移到安全地点'];
    case 'red':
      return [
        '有关部门和单位按照职责做好应急和抢险工作',
        '受影响区域人员立即听从指挥转移，停止集会、停课、停业',
      ];
  }
}

/** The levels `hazard` has, lowest first (四级 蓝 … 一级 红). */
export function levelsOf(hazard: WarningHazard): WarningLevel[] {
  const byLevel = WARNING_TEMPLATES[hazard];
  return WARNING_LEVELS.filter((level) => byLevel[level] !== undefined);
}

/** The template for `hazard` at `level`, or null when the hazard has no such level. */
export function templateOf(hazard: WarningHazard, level: WarningLevel): LevelTemplate | null {
  return WARNING_TEMPLATES[hazard][level] ?? null;
}

const Name = z.string().trim().min(1, '不能为空').max(200, '不超过 200 字');

export const ComposeWarningInput = z
  .object({
    hazard: WarningHazardSchema,
    level: z.enum(WARNING_LEVELS),
    issuerName: Name,
    areaNames: z.array(Name).min(1, '至少一个预警区域'),
    /** For `other` (and to refine any hazard's event word): e.g. 交通事故. */
    eventName: Name.optional(),
    effective: z.date().optional(),
    expires: z.date().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const hazard = WARNING_HAZARDS.find((h) => h === v.hazard);
    const level = WARNING_LEVELS.find((l) => l === v.level);
    if (hazard && level && !templateOf(hazard, level))
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: `${WARNING_HAZARD_LABELS[hazard].zh}预警没有${WARNING_LEVEL_WORDING[level].zh}级别，可选：${levelsOf(
          hazard,
        )
          .map((l) => WARNING_LEVEL_WORDING[l].zh)
          .join('、')}`,
      });
    if (v.effective instanceof Date && v.expires instanceof Date && v.effective > v.expires)
      ctx.addIssue({ code: 'custom', path: ['expires'], message: '失效时间不能早于生效时间' });
  }, EVERY_PROBLEM);
export type ComposeWarningInput = z.input<typeof ComposeWarningInput>;

export interface ComposedText {
  headline: string;
  description: string;
  instruction: string;
  event: string;
}

function parseCompose(input: ComposeWarningInput): z.output<typeof ComposeWarningInput> {
  const parsed = ComposeWarningInput.safeParse(input);
  if (!parsed.success)
    throw new AppError('validation_failed', '预警内容有误', {
      details: parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(body)',
        message: i.message,
      })),
    });
  return parsed.data;
}

/** 2026年7月1日10时00分 (Beijing time, UTC+8). */
function formatBeijingZh(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日${pad(b.getUTCHours())}时${pad(b.getUTCMinutes())}分`;
}

/** 2026-07-01 10:00 (UTC+8). */
function formatBeijingEn(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3_600_000);
  return `${b.toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

function eventWord(hazard: WarningHazard, eventName: string | undefined): string {
  if (eventName) return eventName;
  return hazard === 'other' ? '' : WARNING_HAZARD_LABELS[hazard].zh;
}

/**
 * The Chinese headline, description and instruction of a warning in the standard wording:
 * headline `${issuerName}发布${灾种}${颜色}预警` (e.g. 宁县应急管理局发布暴雨橙色预警); description = the areas, the
 * validity and the signal's criterion for the level; instruction = the 防御指南 of that signal and level, numbered.
 * @throws validation_failed listing every problem (unknown hazard, a level the hazard does not have, …)
 */
export function composeWarningText(input: ComposeWarningInput): ComposedText {
  const v = parseCompose(input);
  const template = templateOf(v.hazard, v.level)!;
  const lv = WARNING_LEVEL_WORDING[v.level];
  const word = eventWord(v.hazard, v.eventName);
  const headline = `${v.issuerName}发布${word}${lv.zh}预警`;
  const validity = [
    v.effective ? `生效时间：${formatBeijingZh(v.effective)}` : null,
    v.expires ? `失效时间：${formatBeijingZh(v.expires)}` : null,
  ].filter((s): s is string => s !== null);
  const description = [
    `${headline}（${lv.grade}，${lv.degree}）。`,
    `预警区域：${v.areaNames.join('、')}。`,
    validity.length ? `${validity.join('；')}。` : '',
    `${word}${lv.zh}预警标准：${template.criterion}`,
  ].join('');
  const instruction = template.guidance.map((g, i) => `${i + 1}.${g}`).join('；') + '。';
  return { headline, description, instruction, event: v.eventName ?? WARNING_HAZARD_CAP[v.hazard].event };
}

const EN_ADVICE: Record<WarningLevel, string> = {
  blue: 'Be prepared and follow further warnings.',
  yellow: 'Take precautions, avoid exposed and low-lying places and follow further warnings.',
  orange:
    'Stop outdoor activities, stay away from dangerous areas and follow instructions from local authorities.',
  red: 'Take emergency action now: move to a safe place and follow evacuation instructions from local authorities.',
};

/**
 * A short plain-English info block (CAP `info` with language en-US) for the same warning: `issuerName` and
 * `areaNames` in English or pinyin. The Chinese block is authoritative.
 * @throws validation_failed as composeWarningText
 */
export function composeEnglishText(input: ComposeWarningInput): ComposedText {
  const v = parseCompose(input);
  const lv = WARNING_LEVEL_WORDING[v.level];
  const hazardEn = v.eventName ?? (v.hazard === 'other' ? 'Emergency' : WARNING_HAZARD_LABELS[v.hazard].en);
  const headline = `${v.issuerName}: ${lv.en} ${hazardEn} Warning`;
  const validity = [
    v.effective ? `from ${formatBeijingEn(v.effective)}` : null,
    v.expires ? `until ${formatBeijingEn(v.expires)}` : null,
  ].filter((s): s is string => s !== null);
  const grade = (['IV', 'III', 'II', 'I'] as const)[WARNING_LEVELS.indexOf(v.level)];
  const description =
    `${lv.en} ${hazardEn.toLowerCase()} warning (level ${grade}; I is the highest) for ${v.areaNames.join(', ')}` +
    (validity.length ? `, valid ${validity.join(' ')}.` : '.');
  return { headline, description, instruction: EN_ADVICE[v.level], event: hazardEn };
}

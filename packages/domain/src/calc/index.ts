/**
 * The calculators exposed by `ningan calc NAME` and `POST /api/v1/calc/{name}`: each parses one JSON
 * object with its zod schema (every problem listed) and returns one JSON object. Pure.
 */
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors.ts';
import { AccidentGradeInput, gradeAccident } from './accident-grade.ts';
import { checkCreditCode, CreditCodeInput } from './credit-code.ts';
import { DroughtInput, gradeDrought } from './drought.ts';
import { ForestFireGradeInput, gradeForestFire } from './forest-fire-grade.ts';
import { computeFwiSeries, FwiInput } from './fwi.ts';
import { AttenuationInput, computeAttenuation } from './intensity-attenuation.ts';
import { forecastFailureTime, InverseVelocityInput } from './inverse-velocity.ts';
import { assessLec, LecInput } from './lec.ts';
import { computeMajorHazard, MajorHazardInput } from './major-hazard.ts';
import { computeReportDeadlines, ReportDeadlinesInput } from './report-deadlines.ts';
import { computeInstrumentalIntensity, IntensityInput } from './seismic-intensity.ts';
import { assessWeatherSignal, WeatherSignalInput } from './weather-signal.ts';

export * from './accident-grade.ts';
export * from './beijing-time.ts';
export * from './credit-code.ts';
export * from './drought.ts';
export * from './earthquake-impact.ts';
export * from './failure-trend.ts';
export * from './forest-fire-grade.ts';
export * from './fwi.ts';
export * from './intensity-attenuation.ts';
export * from './inverse-velocity.ts';
export * from './lec.ts';
export * from './major-hazard.ts';
export * from './gb18218-tables.ts';
export * from './report-deadlines.ts';
export * from './seismic-intensity.ts';
export * from './weather-signal.ts';

interface Calculator<S extends z.ZodType> {
  summary: string;
  input: S;
  run: (input: z.infer<S>) => unknown;
}

const calculator = <S extends z.ZodType>(c: Calculator<S>) => c as Calculator<z.ZodType>;

export const CALCULATORS = {
  'major-hazard': calculator({
    summary: '危险化学品重大危险源辨识与分级（GB 18218-2018）：S = Σq/Q，R = αΣβq/Q',
    input: MajorHazardInput,
    run: (i) => computeMajorHazard(i),
  }),
  lec: calculator({
    summary: 'LEC 作业条件危险性评价：D = L×E×C，危险程度与四色风险等级',
    input: LecInput,
    run: (i) => assessLec(i),
  }),
  'accident-grade': calculator({
    summary: '生产安全事故等级（国务院令第493号第三条）',
    input: AccidentGradeInput,
    run: gradeAccident,
  }),
  'credit-code': calculator({
    summary: '统一社会信用代码校验（GB 32100-2015）',
    input: CreditCodeInput,
    run: checkCreditCode,
  }),
  fwi: calculator({
    summary: '森林火险天气指数 FWI（Van Wagner 1987）：逐日 FFMC、DMC、DC、ISI、BUI、FWI',
    input: FwiInput,
    run: (i) => computeFwiSeries(i),
  }),
  'weather-signal': calculator({
    summary: '气象灾害预警信号（中国气象局 2007 全国标准；甘肃省标准未核实）',
    input: WeatherSignalInput,
    run: (i) => assessWeatherSignal(i),
  }),
  intensity: calculator({
    summary: '仪器地震烈度（GB/T 17742-2020 附录 A）：PGA（m/s²）、PGV（m/s）',
    input: IntensityInput,
    run: computeInstrumentalIntensity,
  }),
  attenuation: calculator({
    summary: '地震烈度衰减（GB 18306-2015）：距离→烈度或烈度→半径，须指定分区 zone',
    input: AttenuationInput,
    run: computeAttenuation,
  }),
  'inverse-velocity': calculator({
    summary: '滑坡逆速度法（Fukuzono 1985）：拟合加速段 1/v，预测破坏时间',
    input: InverseVelocityInput,
    run: forecastFailureTime,
  }),
  drought: calculator({
    summary: '气象干旱等级（GB/T 20481-2017）：由 MCI 或 SPI 定级',
    input: DroughtInput,
    run: gradeDrought,
  }),
  'report-deadlines': calculator({
    summary:
      '信息报送时限（493号令第九至十三条；自然灾害情况统计调查制度）：{kind, occurredAt, knownAt?, …} → 各步骤 step、报送对象 to、截止时间 due（+08:00）',
    input: ReportDeadlinesInput,
    run: computeReportDeadlines,
  }),
  'forest-fire-grade': calculator({
    summary:
      '森林火灾等级（森林防火条例第四十条）：受害森林面积（公顷）、死亡、重伤 → 一般/较大/重大/特别重大',
    input: ForestFireGradeInput,
    run: gradeForestFire,
  }),
} as const;

export type CalculatorName = keyof typeof CALCULATORS;
export const CALCULATOR_NAMES = Object.keys(CALCULATORS) as CalculatorName[];

export function isCalculatorName(name: string): name is CalculatorName {
  return Object.hasOwn(CALCULATORS, name);
}

/** Validates `raw` against the calculator's schema and runs it. @throws validation_failed | not_found */
export function runCalculator(name: string, raw: unknown): unknown {
  if (!isCalculatorName(name))
    throw new AppError('not_found', `没有名为 ${name} 的计算器（可用：${CALCULATOR_NAMES.join('、')}）`);
  const c = CALCULATORS[name];
  const parsed = c.input.safeParse(raw);
  if (!parsed.success) {
    const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(input)',
      message: i.message,
    }));
    throw new AppError('validation_failed', `${name} 的输入有误`, { details });
  }
  return c.run(parsed.data);
}

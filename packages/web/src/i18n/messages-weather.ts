/**
 * The words of the 气象与火险 page (issue #4 part 5), in 简体中文 and English; merged into messages.ts. Hazard,
 * level and danger-class names come from @ningan/domain and features/weather/weather-labels.ts.
 */
export const weatherZh = {
  'nav.weather': '气象与火险',

  'weather.title': '气象与火险',
  'weather.tab.signals': '实况预警信号',
  'weather.tab.fire': '森林火险（FWI）',
  'weather.tab.forecast': '预报信号判定',
  'weather.tab.drought': '气象干旱等级',

  'weather.signals.intro':
    '按各站实况（雨量、气温、风速）依《气象灾害预警信号及防御指南》（中国气象局 2007 全国标准）判定；甘肃省标准未核实。正式信号以气象台发布为准。',
  'weather.signals.at': '统计截至 {at}',
  'weather.signals.station': '站点',
  'weather.signals.region': '乡镇/村',
  'weather.signals.highest': '最高信号',
  'weather.signals.none': '无',
  'weather.signals.notObservable':
    '暴雪、霜冻、大雾、沙尘暴：不可观测——平台未接入降雪量/降水类型、地面温度与能见度，只能由气象台预报或下方“预报信号判定”输入。',
  'weather.signals.empty': '管辖范围内没有测雨量、气温或风速的站点',
  'weather.signals.basis': '依据',
  'weather.signals.map': '信号分布',
  'weather.signals.gustNote': '阵风未测量：大风按上报的平均风速换算风力（GB/T 28591-2012）。',

  'weather.fire.intro':
    '林区气象站（关联森林草原防火区台账或位于其范围内）逐日计算加拿大森林火险天气指数（Van Wagner 1987）：北京时间 11:00–12:00 的气温、湿度、风速均值，正午前 24 小时雨量；火险等级按 EFFIS 分级（非国家标准）。',
  'weather.fire.date': '日期',
  'weather.fire.settings':
    '防火季起算 {start}（起始码 FFMC 85、DMC 6、DC 15）；24 小时雨量至少 {hours} 小时有数据',
  'weather.fire.area': '防火区',
  'weather.fire.viaLinked': '关联',
  'weather.fire.viaInside': '位于范围内',
  'weather.fire.inputs': '正午观测',
  'weather.fire.class': '火险等级',
  'weather.fire.gap': '缺测：{reasons}（沿用前一日各码）',
  'weather.fire.gapDays': '本季缺测 {n} 天',
  'weather.fire.empty': '管辖范围内没有位于森林草原防火区的气象站',
  'weather.fire.trend': '近 30 天 FWI',
  'weather.fire.trendEmpty': '近 30 天没有可计算的日子',
  'weather.fire.legend': '等级：',

  'weather.forecast.intro':
    '输入预报或已出现的数值，按全国标准判定应发布的信号（与 POST /api/v1/calc/weather-signal 相同）。',
  'weather.forecast.hazard': '灾种',
  'weather.forecast.hours': '时段（小时内，0 为已出现）',
  'weather.forecast.rainMm': '降雨量（mm）',
  'weather.forecast.snowMm': '降雪量（mm，水当量）',
  'weather.forecast.dropC': '最低气温降幅（℃）',
  'weather.forecast.minTempC': '最低气温（℃）',
  'weather.forecast.windForce': '平均风力（级）',
  'weather.forecast.meanForce': '平均风力（级）',
  'weather.forecast.gustForce': '阵风（级）',
  'weather.forecast.maxTempC': '最高气温（℃）',
  'weather.forecast.consecutiveDays': '连续天数',
  'weather.forecast.visibilityM': '能见度（m）',
  'weather.forecast.groundMinTempC': '地面最低温度（℃）',
  'weather.forecast.required': '必填项，不能为空',
  'weather.forecast.submit': '判定',
  'weather.forecast.result': '结果',
  'weather.forecast.noSignal': '未达任何信号标准',

  'weather.drought.intro':
    '按 GB/T 20481-2017《气象干旱等级》由气象干旱综合指数 MCI 或标准化降水指数 SPI 定级。数值须取自气象部门发布的 MCI/SPI：平台不由土壤含水率推算干旱等级。',
  'weather.drought.index': '指数',
  'weather.drought.value': '数值',
  'weather.drought.submit': '定级',
  'weather.drought.grade': '干旱等级',
  'weather.drought.table': 'GB/T 20481-2017 等级划分（MCI 与 SPI 相同）',
  'weather.drought.range': '指数范围',
};

export type WeatherMessageKey = keyof typeof weatherZh;

export const weatherEn: Record<WeatherMessageKey, string> = {
  'nav.weather': 'Weather & fire danger',

  'weather.title': 'Weather & fire danger',
  'weather.tab.signals': 'Observed signals',
  'weather.tab.fire': 'Fire weather (FWI)',
  'weather.tab.forecast': 'Forecast signal',
  'weather.tab.drought': 'Drought grade',

  'weather.signals.intro':
    'Judged from each station’s observations (rain, temperature, wind) by the national warning-signal guide (CMA 2007); the Gansu variant is unchecked. Official signals are those the weather bureau issues.',
  'weather.signals.at': 'Up to {at}',
  'weather.signals.station': 'Station',
  'weather.signals.region': 'Township / village',
  'weather.signals.highest': 'Highest signal',
  'weather.signals.none': 'None',
  'weather.signals.notObservable':
    'Snowstorm, frost, fog, sandstorm: not observable — no snowfall/precipitation type, ground temperature or visibility is measured; use the bureau’s forecast or the “Forecast signal” form.',
  'weather.signals.empty': 'No station measuring rain, temperature or wind in your jurisdiction',
  'weather.signals.basis': 'Basis',
  'weather.signals.map': 'Signals on the map',
  'weather.signals.gustNote':
    'Gusts are not measured: gale force is the reported mean wind speed (GB/T 28591-2012).',

  'weather.fire.intro':
    'Weather stations in forest areas (linked to a forest-area record or inside one) get the Canadian Fire Weather Index daily (Van Wagner 1987): means of 11:00–12:00 Beijing time, rain of the 24 h to noon; danger classes are EFFIS’s (not a national standard).',
  'weather.fire.date': 'Date',
  'weather.fire.settings':
    'Season starts {start} (FFMC 85, DMC 6, DC 15); the 24-h rain needs {hours} hours of data',
  'weather.fire.area': 'Forest area',
  'weather.fire.viaLinked': 'linked',
  'weather.fire.viaInside': 'inside',
  'weather.fire.inputs': 'Noon observation',
  'weather.fire.class': 'Danger class',
  'weather.fire.gap': 'Gap: {reasons} (codes carried forward)',
  'weather.fire.gapDays': '{n} gap days this season',
  'weather.fire.empty': 'No weather station in a forest area in your jurisdiction',
  'weather.fire.trend': 'FWI, last 30 days',
  'weather.fire.trendEmpty': 'No computed day in the last 30 days',
  'weather.fire.legend': 'Classes:',

  'weather.forecast.intro':
    'Enter forecast or observed values to see the signal the national guide calls for (same as POST /api/v1/calc/weather-signal).',
  'weather.forecast.hazard': 'Hazard',
  'weather.forecast.hours': 'Within hours (0 = already)',
  'weather.forecast.rainMm': 'Rain (mm)',
  'weather.forecast.snowMm': 'Snow (mm water equivalent)',
  'weather.forecast.dropC': 'Drop of minimum temperature (℃)',
  'weather.forecast.minTempC': 'Minimum temperature (℃)',
  'weather.forecast.windForce': 'Mean wind force (Beaufort)',
  'weather.forecast.meanForce': 'Mean wind force (Beaufort)',
  'weather.forecast.gustForce': 'Gust force (Beaufort)',
  'weather.forecast.maxTempC': 'Maximum temperature (℃)',
  'weather.forecast.consecutiveDays': 'Consecutive days',
  'weather.forecast.visibilityM': 'Visibility (m)',
  'weather.forecast.groundMinTempC': 'Ground minimum temperature (℃)',
  'weather.forecast.required': 'Required',
  'weather.forecast.submit': 'Evaluate',
  'weather.forecast.result': 'Result',
  'weather.forecast.noSignal': 'No signal threshold reached',

  'weather.drought.intro':
    'GB/T 20481-2017 grades from the composite index MCI or the standardized precipitation index SPI. Take the value from the weather bureau’s MCI/SPI: the platform does not derive drought grades from soil moisture.',
  'weather.drought.index': 'Index',
  'weather.drought.value': 'Value',
  'weather.drought.submit': 'Grade',
  'weather.drought.grade': 'Drought grade',
  'weather.drought.table': 'GB/T 20481-2017 grades (same bounds for MCI and SPI)',
  'weather.drought.range': 'Index range',
};

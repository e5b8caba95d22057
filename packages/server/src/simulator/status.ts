/** One line on how a running scenario stands, for `ningan simulate`'s progress output. Pure. */
import type { DemoDevice } from './devices.ts';
import { deviceReadings } from './readings.ts';
import {
  landslideVelocity,
  scenarioEndsAt,
  stormFraction,
  storySecondsAt,
  SCENARIO_DEFS,
  type ActiveScenario,
} from './scenarios.ts';

const mmss = (s: number) =>
  `${Math.floor(Math.max(0, s) / 60)}:${String(Math.floor(Math.max(0, s) % 60)).padStart(2, '0')}`;
const hhmm = (s: number) =>
  `${Math.floor(Math.max(0, s) / 3600)}:${String(Math.floor((Math.max(0, s) % 3600) / 60)).padStart(2, '0')}`;

export function scenarioStatus(s: ActiveScenario, devices: DemoDevice[], now: number): string {
  const story = storySecondsAt(s, now);
  const left = (scenarioEndsAt(s) - now) / 1000;
  const head = `${SCENARIO_DEFS[s.name].zh} 剧情时间 story ${s.name === 'rainstorm' ? hhmm(story) : mmss(story)}，剩余 ${mmss(left)}`;
  switch (s.name) {
    case 'rainstorm': {
      let wettest: { name: string; mm: number } | null = null;
      for (const d of devices)
        if (d.profile.model === 'rain' || d.profile.model === 'weather') {
          const mm = d.profile.stormMm * stormFraction(story / 3600);
          if (!wettest || mm > wettest.mm) wettest = { name: d.name, mm };
        }
      let highest: { name: string; level: number; warning: number; guarantee: number } | null = null;
      for (const d of devices)
        if (d.profile.model === 'stage' && d.profile.floodPeak !== null) {
          const level = deviceReadings(d, now - 1000, now, s)[0]?.value ?? d.profile.base;
          const over = level - d.profile.warning;
          if (!highest || over > highest.level - highest.warning)
            highest = { name: d.name, level, warning: d.profile.warning, guarantee: d.profile.guarantee };
        }
      return [
        head,
        wettest ? `最大累计雨量 ${wettest.mm.toFixed(1)} mm（${wettest.name}）` : null,
        highest
          ? `${highest.name} 水位 ${highest.level.toFixed(2)} m（警戒 ${highest.warning} / 保证 ${highest.guarantee}）`
          : null,
      ]
        .filter(Boolean)
        .join('；');
    }
    case 'landslide': {
      const d = devices.find((x) => x.profile.model === 'creep' && x.profile.failureScaleMm !== null);
      if (!d || d.profile.model !== 'creep' || d.profile.failureScaleMm === null) return head;
      const v = landslideVelocity(story, s.failureMinutes * 60, d.profile.failureScaleMm) * s.speed * 86_400;
      const value = deviceReadings(d, now - 1000, now, s)[0]?.value;
      return `${head}；${d.name} 位移 ${value} mm，速度约 ${v.toFixed(0)} mm/d，距临滑 ${mmss((s.failureMinutes * 60 - story) / s.speed)}`;
    }
    case 'gas-leak': {
      const d = devices.find((x) => x.profile.model === 'gas' && x.profile.leakPeak !== null);
      const value = d ? deviceReadings(d, now - 1000, now, s)[0]?.value : undefined;
      return d ? `${head}；${d.name} ${value} %LEL` : head;
    }
    case 'earthquake': {
      const d = devices.find((x) => x.profile.model === 'seismic');
      const r = d ? deviceReadings(d, now - 10_000, now, s) : [];
      const pga = r.find((x) => x.metric === 'pga')?.value;
      return d ? `${head}；${d.name} PGA ${pga} m/s²（近 10 s 峰值）` : head;
    }
  }
}

/** Issue #4 hazard calculators through the real `ningan calc` binary: stdin JSON → stdout JSON, exit 2 on bad input. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness.ts';

interface CliError {
  error: { code: string; details: { path: string }[] };
}

/** Runs `ningan calc <name>` with `input` on stdin; bad input must exit 2 with a validation_failed body. */
function calc(name: string, input: unknown): { code: number; body: unknown; stderr: string } {
  const r = runCli(['calc', name], {}, JSON.stringify(input));
  return { code: r.code, body: r.stdout ? (JSON.parse(r.stdout) as unknown) : null, stderr: r.stderr };
}

function badPaths(name: string, input: unknown): string[] {
  const r = calc(name, input);
  expect(r.code, r.stderr).toBe(2);
  const { error } = r.body as CliError;
  expect(error.code).toBe('validation_failed');
  return error.details.map((d) => d.path).sort();
}

describe('ningan calc, issue #4 hazard calculators', () => {
  it('lists the new calculators in its help', () => {
    const help = runCli(['calc', '--help']);
    expect(help.code).toBe(0);
    for (const name of ['fwi', 'weather-signal', 'intensity', 'attenuation', 'inverse-velocity', 'drought'])
      expect(help.stdout).toContain(name);
  });

  it('fwi: STANDARDS.md §5.3 reference days (13–14 April, start 85/6/15); bad input exits 2', () => {
    const r = calc('fwi', {
      start: { ffmc: 85, dmc: 6, dc: 15 },
      days: [
        { month: 4, temp: 17, rh: 42, wind: 25, rain: 0 },
        { month: 4, temp: 20, rh: 21, wind: 25, rain: 2.4 },
      ],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.body).toEqual({
      days: [
        {
          ffmc: 87.7,
          dmc: 8.5,
          dc: 19,
          isi: 10.9,
          bui: 8.5,
          fwi: 10.1,
          dangerClass: 'low',
          dangerClassName: '低',
        },
        {
          ffmc: 86.2,
          dmc: 10.4,
          dc: 23.6,
          isi: 8.8,
          bui: 10.4,
          fwi: 9.3,
          dangerClass: 'low',
          dangerClassName: '低',
        },
      ],
    });
    expect(
      badPaths('fwi', {
        start: { ffmc: 120, dmc: 6, dc: 15 },
        days: [{ month: 0, temp: 1, rh: 2, wind: 3 }],
      }),
    ).toEqual(['days.0.month', 'days.0.rain', 'start.ffmc']);
  });

  it('weather-signal: §3 暴雨黄色 at 50 mm in 6 h, 高温 has no blue; bad input exits 2', () => {
    expect(calc('weather-signal', { hazard: 'rainstorm', rainMm: 50, hours: 6 }).body).toEqual({
      level: 'yellow',
      signal: '暴雨黄色预警信号',
    });
    expect(calc('weather-signal', { hazard: 'heat', maxTempC: 34, hours: 24 }).body).toEqual({
      level: null,
      signal: null,
    });
    expect(badPaths('weather-signal', { hazard: 'frost', groundMinTempC: 'cold' })).toEqual([
      'groundMinTempC',
      'hours',
    ]);
  });

  it('intensity: GB/T 17742-2020 附录 A (PGA 2.5 m/s², PGV 0.25 m/s → 8.0); bad input exits 2', () => {
    expect(calc('intensity', { pga: 2.5, pgv: 0.25 }).body).toMatchObject({ intensity: 8 });
    expect(badPaths('intensity', { pga: -1 })).toEqual(['pga', 'pgv']);
  });

  it('attenuation: GB 18306-2015 both ways; bad input exits 2', () => {
    const forward = calc('attenuation', { zone: 'central', axis: 'short', magnitude: 6.5, distanceKm: 50 });
    expect((forward.body as { intensity: number }).intensity).toBeCloseTo(5.910036, 5);
    const inverse = calc('attenuation', { zone: 'central', axis: 'short', magnitude: 6.5, intensity: 7 });
    expect((inverse.body as { radiusKm: number }).radiusKm).toBeCloseTo(16.591699, 5);
    expect(badPaths('attenuation', { zone: 'moon', axis: 'long', magnitude: 6 })).toEqual([
      'distanceKm',
      'zone',
    ]);
  });

  it('inverse-velocity: §6.1 1/v = 0.5·(100 − t) → 100 h; constant velocity is refused; bad input exits 2', () => {
    const samples = [0, 20, 40, 60, 80].map((t) => ({ t, v: 1 / (0.5 * (100 - t)) }));
    expect(calc('inverse-velocity', { samples }).body).toMatchObject({
      failureTime: 100,
      slope: -0.5,
      intercept: 50,
    });
    const steady = calc('inverse-velocity', { samples: samples.map((s) => ({ t: s.t, v: 0.1 })) });
    expect(steady.code).toBe(0);
    expect(steady.body).toMatchObject({ failureTime: null });
    expect((steady.body as { reason: string }).reason).toBeTruthy();
    expect(
      badPaths('inverse-velocity', {
        samples: [
          { t: 1, v: 1 },
          { t: 1, v: -1 },
        ],
      }),
    ).toEqual(['samples.1.t', 'samples.1.v']);
  });

  it('drought: GB/T 20481-2017 (SPI −2.0 → 特旱); bad input exits 2', () => {
    expect(calc('drought', { index: 'SPI', value: -2 }).body).toEqual({ grade: '特旱', level: 5 });
    expect(badPaths('drought', { index: 'spi' })).toEqual(['index', 'value']);
  });
});

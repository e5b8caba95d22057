/**
 * A small FWI trend: one dot per computed day coloured by its danger class, joined while days are consecutive
 * (a gap day breaks the line). Plain SVG, like the monitoring series charts.
 */
import type { FireWeatherDayView } from '@ningan/domain';
import { DANGER_COLORS } from './weather-labels.ts';

export function FwiTrend({
  days,
  width = 260,
  height = 56,
  label,
}: {
  days: FireWeatherDayView[];
  width?: number;
  height?: number;
  label: string;
}) {
  const pad = 4;
  const max = Math.max(10, ...days.map((d) => d.result?.fwi ?? 0));
  const x = (i: number) => pad + (days.length > 1 ? (i * (width - 2 * pad)) / (days.length - 1) : 0);
  const y = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  const runs: string[] = [];
  let run: string[] = [];
  days.forEach((d, i) => {
    if (d.result) run.push(`${x(i).toFixed(1)},${y(d.result.fwi).toFixed(1)}`);
    else if (run.length) {
      runs.push(run.join(' '));
      run = [];
    }
  });
  if (run.length) runs.push(run.join(' '));
  return (
    <svg className="weather-trend" width={width} height={height} role="img" aria-label={label}>
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#d9d9d9" />
      {runs.map((points) => (
        <polyline key={points} points={points} fill="none" stroke="#8c8c8c" strokeWidth={1.5} />
      ))}
      {days.map((d, i) =>
        d.result ? (
          <circle
            key={d.date}
            cx={x(i)}
            cy={y(d.result.fwi)}
            r={3}
            fill={DANGER_COLORS[d.result.dangerClass]}
          >
            <title>{`${d.date} FWI ${d.result.fwi} ${d.result.dangerClassName}`}</title>
          </circle>
        ) : (
          <circle key={d.date} cx={x(i)} cy={height - pad} r={1.5} fill="#bfbfbf">
            <title>{`${d.date} —`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}

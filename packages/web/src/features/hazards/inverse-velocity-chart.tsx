/**
 * The inverse-velocity chart of one sensor (STANDARDS.md §6.1): 1/v samples (h/mm) against time, the fitted
 * line over the accelerating window extended to where it reaches 0, and the forecast failure time. Plain SVG
 * (like the series charts of features/monitoring), sized to its container.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import dayjs from 'dayjs';
import type { SensorFailurePrediction } from '@ningan/domain';
import { useI18n } from '../../i18n/i18n.tsx';
import { inverseVelocityChart } from './failure-model.ts';

const MARGIN = { top: 12, right: 16, bottom: 24, left: 48 };

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export function InverseVelocityChart({
  sensor,
  height = 220,
}: {
  sensor: SensorFailurePrediction;
  height?: number;
}) {
  const { t } = useI18n();
  const { ref, width } = useWidth();
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const chart = inverseVelocityChart(sensor);
  const x = (ms: number) => MARGIN.left + ((ms - chart.x0) / (chart.x1 - chart.x0 || 1)) * plotW;
  const y = (v: number) => MARGIN.top + plotH - ((v - chart.y0) / (chart.y1 - chart.y0 || 1)) * plotH;
  return (
    <div ref={ref} style={{ width: '100%' }} data-testid={`iv-chart-${sensor.sensorId}`}>
      {width > 0 && (
        <svg
          className="iv-chart"
          width={width}
          height={height}
          role="img"
          aria-label={t('hazard.failure.chart')}
        >
          {chart.yTicks.map((v) => (
            <g key={`y${v}`}>
              <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={y(v)} y2={y(v)} stroke="#eef0f3" />
              <text x={MARGIN.left - 6} y={y(v) + 4} textAnchor="end">
                {Number(v.toPrecision(3))}
              </text>
            </g>
          ))}
          {chart.xTicks.map((ms, i) => (
            <text
              key={`x${ms}`}
              x={x(ms)}
              y={height - 6}
              textAnchor={i === 0 ? 'start' : i === chart.xTicks.length - 1 ? 'end' : 'middle'}
            >
              {dayjs(ms).format('MM-DD HH:mm')}
            </text>
          ))}
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + plotH} stroke="#8c8c8c" />
          <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={y(0)} y2={y(0)} stroke="#8c8c8c" />
          {chart.fit && (
            <line
              x1={x(chart.fit[0].t)}
              y1={y(chart.fit[0].v)}
              x2={x(chart.fit[1].t)}
              y2={y(chart.fit[1].v)}
              stroke={chart.failureAt === null ? '#8c8c8c' : '#e02020'}
              strokeWidth={2}
              strokeDasharray="6 3"
            >
              <title>{t('hazard.failure.chartFit')}</title>
            </line>
          )}
          {chart.points.map((p) => (
            <circle key={p.t} cx={x(p.t)} cy={y(p.v)} r={2.5} fill={p.inWindow ? '#1d5fbf' : '#bfbfbf'}>
              <title>{`${dayjs(p.t).format('MM-DD HH:mm')} · 1/v ${p.v.toPrecision(4)}`}</title>
            </circle>
          ))}
          {chart.failureAt !== null && (
            <g>
              <line
                x1={x(chart.failureAt)}
                x2={x(chart.failureAt)}
                y1={MARGIN.top}
                y2={MARGIN.top + plotH}
                stroke="#a8071a"
              />
              <text
                x={x(chart.failureAt) - 4}
                y={MARGIN.top + 10}
                textAnchor="end"
                style={{ fill: '#a8071a' }}
              >
                {t('hazard.failure.chartFailure')}
              </text>
            </g>
          )}
        </svg>
      )}
    </div>
  );
}

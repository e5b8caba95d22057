/** Fire weather of the forest stations and observed weather signals (issue #4 part 5), under /monitoring. */
import {
  FireWeatherList,
  FireWeatherQuery,
  FireWeatherSeries,
  FireWeatherSeriesQuery,
  WeatherSignalsList,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'monitoring:read' } } as const;
const tags = ['monitoring'];

export function weatherRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/monitoring/fire-weather',
      {
        config: read,
        schema: {
          tags,
          summary: '林区气象站当日森林火险天气（FWI 各码、指数与火险等级，含所用观测与缺测日）',
          querystring: FireWeatherQuery,
          response: { 200: FireWeatherList, ...resourceErrors },
        },
      },
      async (request) => s.weather.fireWeather(requireAuth(request).actor, request.query),
    );
    app.get(
      '/monitoring/fire-weather/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '林区气象站逐日森林火险天气序列（from–to，北京时间日期，含首尾）',
          params: IdParams,
          querystring: FireWeatherSeriesQuery,
          response: { 200: FireWeatherSeries, ...resourceErrors },
        },
      },
      async (request) =>
        s.weather.fireWeatherSeries(requireAuth(request).actor, request.params.id, request.query),
    );
    app.get(
      '/monitoring/weather-signals',
      {
        config: read,
        schema: {
          tags,
          summary:
            '各站按实况判定的气象灾害预警信号（暴雨、大风、高温、寒潮；暴雪、霜冻、大雾、沙尘暴不可观测）',
          response: { 200: WeatherSignalsList, ...resourceErrors },
        },
      },
      async (request) => s.weather.weatherSignals(requireAuth(request).actor),
    );
  };
}

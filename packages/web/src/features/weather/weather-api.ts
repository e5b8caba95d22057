/** The fire-weather, observed-signal and calculator routes the 气象与火险 page uses, one typed function each. */
import type { FireWeatherList, FireWeatherSeries, WeatherSignalsList } from '@ningan/domain';
import { request } from '../../api/client.ts';

export const weatherApi = {
  fireWeather: (date?: string) => request<FireWeatherList>('/monitoring/fire-weather', { query: { date } }),
  fireWeatherSeries: (stationId: string, q: { from?: string; to?: string }) =>
    request<FireWeatherSeries>(`/monitoring/fire-weather/${encodeURIComponent(stationId)}`, { query: q }),
  weatherSignals: () => request<WeatherSignalsList>('/monitoring/weather-signals'),
  /** POST /calc/{name}: the domain calculators (weather-signal, drought). */
  calc: <T>(name: 'weather-signal' | 'drought', body: unknown) =>
    request<T>(`/calc/${name}`, { method: 'POST', body }),
};

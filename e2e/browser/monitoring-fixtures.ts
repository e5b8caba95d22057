/**
 * Seeding the 一张网 through the API, as the monitoring screens' specs do: an API client signed in as one
 * account, a township's seat to place stations near, a station with its device secret, readings sent over
 * the HTTP ingest as the device would; and the station markers the monitoring map draws.
 */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, login } from '../harness.ts';

/** ISO 8601 in Beijing time, as a device would stamp it. */
export function beijing(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A JSON call to `/api/v1<route>`; a non-2xx answer throws with its body. */
export type Api = <T>(method: string, route: string, body?: unknown) => Promise<T>;

/** Signs `username` in through the API of the server at `url` and returns calls made as that account. */
export async function apiAs(url: string, username: string, password = DEMO_PASSWORD): Promise<Api> {
  const { token } = await login(url, username, password);
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** The seat of township `code` (9 digits), WGS84: stations are placed a little off it. */
export async function townshipSeat(api: Api, code: string): Promise<{ lon: number; lat: number }> {
  const county = await api<{ children: { code: string; lon: number; lat: number }[] }>(
    'GET',
    `/regions/${code.slice(0, 6)}`,
  );
  const seat = county.children.find((c) => c.code === code);
  if (!seat) throw new Error(`no township ${code} in the county`);
  return seat;
}

/** A station's device as it signs its readings: its device ID and the secret shown once. */
export interface Device {
  code: string;
  secret: string;
}

/** Registers a station (body as `POST /monitoring/stations` takes it); its id and its device. */
export async function createStation(
  api: Api,
  body: { code: string } & Record<string, unknown>,
): Promise<{ id: string; device: Device }> {
  const { station, secret } = await api<{ station: { id: string }; secret: string }>(
    'POST',
    '/monitoring/stations',
    body,
  );
  return { id: station.id, device: { code: body.code, secret } };
}

export interface IngestAnswer {
  accepted: number;
  quarantined: { reason: string }[];
}

/** The device posts `payload` to the HTTP ingest of the server at `url` (HTTP Basic with its secret). */
export async function ingest(url: string, device: Device, payload: unknown): Promise<IngestAnswer> {
  const r = await fetch(`${url}/api/v1/monitoring/ingest`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${device.code}:${device.secret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(payload),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`ingest for ${device.code}: ${r.status} ${text}`);
  return JSON.parse(text) as IngestAnswer;
}

/** The monitoring map's station points as drawn: [station name, marker key] (online, red, never…). */
export async function stationMarkers(page: Page): Promise<[string, string][]> {
  return page.evaluate(() => {
    const map = (
      window as unknown as {
        __ninganMap: {
          querySourceFeatures(id: string): { properties: { marker: string; name: string } }[];
        };
      }
    ).__ninganMap;
    return map
      .querySourceFeatures('monitoring-stations')
      .map((f): [string, string] => [f.properties.name, f.properties.marker]);
  });
}

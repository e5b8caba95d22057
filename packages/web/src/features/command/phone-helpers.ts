/**
 * Browser helpers of the phone views: a photo downscaled in a canvas to ≤ 1600 px JPEG before upload (a
 * 12-megapixel camera shot becomes a few hundred kB, inside the 1.5 MB limit and sendable on one bar of
 * signal), the position from navigator.geolocation, a client id that works on plain-http intranet pages too,
 * and the field-report queue kept in localStorage.
 */
import { FIELD_PHOTO_MAX_BYTES, type FieldPhoto } from '@ningan/domain';
import { base64Bytes, base64OfDataUrl, fitWithin, parseQueue, type QueuedReport } from './command-model.ts';

export const PHOTO_MAX_PX = 1600;

function loadImage(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('无法读取这张照片'));
    };
    img.src = url;
  });
}

/** The photo as a ≤ 1600 px JPEG (quality lowered until it fits 1.5 MB). */
export async function downscalePhoto(file: File): Promise<FieldPhoto> {
  const img = await loadImage(file);
  const size = fitWithin(img.naturalWidth, img.naturalHeight, PHOTO_MAX_PX);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('无法处理这张照片');
  ctx.drawImage(img, 0, 0, size.width, size.height);
  let dataBase64 = '';
  for (const quality of [0.8, 0.65, 0.5, 0.35]) {
    dataBase64 = base64OfDataUrl(canvas.toDataURL('image/jpeg', quality));
    if (base64Bytes(dataBase64) <= FIELD_PHOTO_MAX_BYTES) break;
  }
  if (base64Bytes(dataBase64) > FIELD_PHOTO_MAX_BYTES) throw new Error('照片过大，请重新拍摄');
  const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
  return { fileName: `${base}.jpg`.slice(0, 120), contentType: 'image/jpeg', dataBase64 };
}

export interface Position {
  lon: number;
  lat: number;
  accuracyM: number;
}

/** The phone's position (high accuracy, 20 s at most); rejects with a Chinese reason. */
export function currentPosition(): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('此设备不支持定位'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lon: Math.round(p.coords.longitude * 1e6) / 1e6,
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          accuracyM: Math.round(p.coords.accuracy),
        }),
      (e) =>
        reject(
          new Error(
            e.code === e.PERMISSION_DENIED
              ? '未允许定位，请在浏览器设置中允许'
              : '暂时无法定位，请到开阔处重试',
          ),
        ),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
}

/** A v4 UUID from crypto.getRandomValues (crypto.randomUUID needs a secure context; intranet pages may be http). */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const queueKey = (userId: string) => `ningan.fieldReports.${userId}`;

export function loadQueue(userId: string): QueuedReport[] {
  try {
    return parseQueue(window.localStorage.getItem(queueKey(userId)));
  } catch {
    return [];
  }
}

/** False when the phone's storage refused (full, private mode): the report then lives only in this page. */
export function saveQueue(userId: string, queue: readonly QueuedReport[]): boolean {
  try {
    window.localStorage.setItem(queueKey(userId), JSON.stringify(queue));
    return true;
  } catch {
    return false;
  }
}

/**
 * A typical county warning (宁县应急管理局发布暴雨橙色预警) as a CAP alert: the reference document for tests,
 * the bench and the API examples. Places and codes are 宁县's (621026; 新宁镇 621026100 at 35.4988 N,
 * 107.9217 E per /work/shared/data/ningxian-places.json); the 机构行业编码 000 is the configured default.
 */
import type { CapAlert } from './cap.ts';
import { ADMIN_CODE_GEOCODE } from './cap.ts';

export function sampleCapAlert(overrides: Partial<CapAlert> = {}): CapAlert {
  return {
    identifier: '62102600000000_20260701100000_0',
    sender: '62102600000000@ningan',
    sent: '2026-07-01T10:00:00+08:00',
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    code: [],
    info: [
      {
        language: 'zh-CN',
        category: ['Met'],
        event: '暴雨',
        responseType: ['Prepare', 'Avoid'],
        urgency: 'Expected',
        severity: 'Severe',
        certainty: 'Likely',
        eventCode: [{ valueName: 'GB/T 35965.1 eventType', value: '11B03' }],
        effective: '2026-07-01T10:00:00+08:00',
        onset: '2026-07-01T11:00:00+08:00',
        expires: '2026-07-01T22:00:00+08:00',
        senderName: '宁县应急管理局',
        headline: '宁县应急管理局发布暴雨橙色预警',
        description:
          '预计未来3小时内新宁镇、早胜镇降雨量将达50毫米以上，并可能持续。请注意防范山洪、泥石流、滑坡等次生灾害。',
        instruction:
          '1. 政府及相关部门按照职责做好防暴雨应急工作；2. 切断有危险的室外电源，暂停户外作业；3. 处于危险地带的单位应当停课、停业，采取专门措施保护已到校学生、幼儿和其他上班人员的安全；4. 做好城市、农田的排涝，注意防范可能引发的山洪、滑坡、泥石流等灾害。',
        web: 'https://ningan.example.cn/public/warnings/62102600000000_20260701100000_0',
        contact: '宁县应急管理局值班室 0934-6621110',
        parameter: [{ valueName: '预警级别', value: '橙色' }],
        resource: [],
        area: [
          {
            areaDesc: '新宁镇',
            polygon: [
              [
                { lat: 35.45, lon: 107.87 },
                { lat: 35.55, lon: 107.87 },
                { lat: 35.55, lon: 107.97 },
                { lat: 35.45, lon: 107.97 },
                { lat: 35.45, lon: 107.87 },
              ],
            ],
            circle: [{ lat: 35.4988, lon: 107.9217, radiusKm: 5 }],
            geocode: [{ valueName: ADMIN_CODE_GEOCODE, value: '621026100' }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

/**
 * Audit trail (审计日志) chaining. Each row's hash covers its canonical content and the previous
 * row's hash, so editing, inserting or deleting any row breaks every hash after it.
 * The hash function is injected (SHA-256 on the server) to keep this module pure.
 */
export interface AuditContent {
  seq: number;
  at: string; // ISO 8601 with zone
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  details: unknown;
}

export interface AuditRow extends AuditContent {
  prevHash: string;
  hash: string;
}

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Deterministic JSON: object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHashInput(prevHash: string, content: AuditContent): string {
  return `${prevHash}\n${canonicalJson(content)}`;
}

export type VerifyResult =
  { ok: true; checked: number } | { ok: false; checked: number; badSeq: number; reason: string };

/**
 * Incremental chain check, so a server can verify millions of rows without holding them:
 * feed rows in seq order to `push` (returns the failure, or null), then read `result()`.
 */
export function createChainVerifier(sha256: (input: string) => string) {
  let prev = AUDIT_GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let failure: VerifyResult | null = null;
  return {
    push(row: AuditRow): VerifyResult | null {
      if (failure) return failure;
      const { prevHash, hash, ...content } = row;
      const fail = (reason: string): VerifyResult =>
        (failure = { ok: false, checked, badSeq: row.seq, reason });
      if (row.seq !== expectedSeq)
        return fail(`序号不连续：应为 ${expectedSeq}，实为 ${row.seq}（有记录被删除或插入）`);
      if (prevHash !== prev) return fail('前序哈希不符（前一条记录被篡改或删除）');
      if (sha256(auditHashInput(prevHash, content)) !== hash) return fail('内容哈希不符（本条记录被篡改）');
      prev = hash;
      expectedSeq += 1;
      checked += 1;
      return null;
    },
    result(): VerifyResult {
      return failure ?? { ok: true, checked };
    },
  };
}

/** Walks rows in seq order and names the first one whose chain does not hold. */
export function verifyAuditChain(rows: Iterable<AuditRow>, sha256: (input: string) => string): VerifyResult {
  const verifier = createChainVerifier(sha256);
  for (const row of rows) if (verifier.push(row)) break;
  return verifier.result();
}

/** Every action the audit trail records, with its Chinese label for the audit page. */
export const AUDIT_ACTION_LABELS = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'user.bootstrap': '初始化管理员账号',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.change_password': '修改本人口令',
  'user.reset_password': '重置口令',
  'user.unlock': '解锁账号',
  'org_unit.load_template': '加载组织机构模板',
  'org_unit.create': '新建单位',
  'org_unit.update': '修改单位',
  'org_unit.add_member': '添加成员单位',
  'org_unit.update_member': '修改成员单位职责',
  'org_unit.remove_member': '移除成员单位',
  'directory.export': '导出应急通讯录',
  'contact.create': '新建联系人',
  'contact.update': '修改联系人',
  'contact.delete': '删除联系人',
  'enterprise.create': '新建企业',
  'enterprise.update': '修改企业',
  'ledger.create': '新建台账记录',
  'ledger.update': '修改台账记录',
  'ledger.delete': '删除台账记录',
  'ledger.seed_demo': '载入演示台账数据',
  'ledger.attachment_add': '添加附件',
  'ledger.attachment_remove': '删除附件',
  'stock.in': '物资入库',
  'stock.out': '物资出库',
  'stock.take': '物资盘点',
  'stock.set_minimum': '设置最低库存',
  'station.create': '登记监测站点',
  'station.update': '修改监测站点',
  'station.delete': '删除监测站点',
  'station.rotate_secret': '重置设备密钥',
  'sensor.create': '添加传感器',
  'sensor.update': '修改传感器',
  'sensor.delete': '删除传感器',
  'ingest_token.create': '创建数据接入令牌',
  'ingest_token.revoke': '吊销数据接入令牌',
  'connector.create': '创建数据接入连接器',
  'connector.update': '修改数据接入连接器',
  'connector.delete': '删除数据接入连接器',
  'alarm_rule.create': '新建预警规则',
  'alarm_rule.update': '修改预警规则',
  'alarm_rule.enable': '启用预警规则',
  'alarm_rule.disable': '停用预警规则',
  'alarm_rule.delete': '删除预警规则',
  'alarm.raise': '产生告警',
  'alarm.escalate': '告警升级',
  'alarm.deescalate': '告警降级',
  'alarm.clear': '告警解除',
  'alarm.acknowledge': '确认告警',
  'alarm.handle': '处置告警',
  'alarm.assign': '指派告警',
  'alarm.comment': '告警批注',
  'alarm.close': '关闭告警',
  'alarm.to_incident': '告警转事件',
  'region.load_pack': '加载区划数据包',
  'region.import_boundaries': '导入实际边界',
  'region.set_population': '录入乡镇人口',
  'warning.create': '新建预警草稿',
  'warning.update': '修改预警草稿',
  'warning.delete': '删除预警草稿',
  'warning.submit': '预警提交审核',
  'warning.approve': '预警审核通过',
  'warning.return': '预警退回修改',
  'warning.sign': '签发预警',
  'warning.reject': '预警不予发布',
  'warning.draft_update': '起草预警更新',
  'warning.draft_cancel': '起草预警解除',
  'external_warning.ingest': '接收外部预警',
  'external_warning.relay': '转发外部预警',
  'external_warning.dismiss': '忽略外部预警',
  'audit.verify': '校验审计哈希链',
  'audit.export': '导出审计日志',
  'warning.fanout': '预警分发（生成发送队列）',
  'warning_call.answer': '叫应应答',
  'warning_call.resend': '叫应重发',
  'warning_call.escalate': '叫应升级',
  'warning_subscriber.create': '添加预警接收人',
  'warning_subscriber.delete': '删除预警接收人',
  // 一盘棋 (issue #6)
  'incident.create': '事件接报',
  'incident.field_report': '村灾害信息员现场报告',
  'incident.update': '修改事件信息',
  'incident.follow_up': '事件续报（数字变化）',
  'incident.regrade': '事件自动重新定级',
  'incident.response_level': '决定响应级别',
  'incident.merge': '合并重复事件',
  'incident.contact': '记录联络（电话/电台/视频）',
  'incident.close': '事件结束（关闭）',
  'incident.report': '信息报送（初报/续报/核报）',
  'incident.deadline': '报送时限提醒/超时升级',
  'incident.activate': '启动应急预案',
  'incident.ack': '指挥部成员叫应应答',
  'incident.ack_escalate': '指挥部叫应升级',
  'incident.task_create': '下达调度任务',
  'incident.task_action': '任务状态变更（查阅/反馈/完成/退回）',
  'incident.allocate': '物资调拨出库',
  'incident.allocation_ship': '调拨物资发运',
  'incident.allocation_arrive': '调拨物资到达',
  'incident.impact': '影响范围分析',
  'incident.sitrep_compile': '编制态势报告',
  'incident.sitrep_approve': '审核态势报告',
  'incident.sitrep_publish': '发布态势报告',
  'incident.finding_create': '登记复盘问题',
  'incident.finding_rectify': '复盘问题整改',
  'incident.finding_verify': '复盘整改验证',
  'incident.file_upload': '上传事件照片/附件',
  'duty.shift_save': '保存值班排班',
  'duty.shift_delete': '删除值班排班',
  'duty.sign_in': '值班签到',
  'duty.log': '值班日志记录',
  'duty.log_close': '值班事项办结',
  'duty.handover': '交班',
  'duty.take_over': '接班',
  'duty.nil_report': '乡镇报平安',
  'duty.nil_chase': '报平安催报',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

/**
 * Database schema (PostgreSQL dialect; the same on PGlite and a PostgreSQL server).
 * Every jurisdiction-scoped table carries `region_code` (county, township or village code).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Administrative divisions: county, townships (乡镇), villages (村/社区). */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'township', 'village'] }).notNull(),
    parentCode: text('parent_code'),
    /** Representative point, WGS84: the seat for townships, a (possibly schematic) point for villages. */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** Seat provenance {lon,lat,confidence,source,crsOfSource} from the region pack. */
    seat: jsonb('seat'),
    /** GeoJSON geometry (Polygon/MultiPolygon), WGS84. */
    geometry: jsonb('geometry'),
    /** True when geometry/point is derived (示意), false when surveyed/imported. */
    schematic: boolean('schematic').notNull().default(false),
    geometrySource: text('geometry_source'),
    /**
     * Resident population (人口), persons, for the earthquake exposure estimate (issue #4 part 5); null
     * when not entered. `population_source` says where it comes from (统计年鉴…, or 演示数据 in demo mode).
     */
    population: integer('population'),
    populationSource: text('population_source'),
    populationYear: integer('population_year'),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    foreignKey({ columns: [t.parentCode], foreignColumns: [t.code], name: 'regions_parent_fk' }),
    check('regions_code_len', sql`length(${t.code}) in (2, 4, 6, 9, 12)`),
    check('regions_population', sql`${t.population} is null or ${t.population} >= 0`),
  ],
);

/** Context features around the county: neighbouring counties, rivers. */
export const mapFeatures = pgTable(
  'map_features',
  {
    id: text('id').primaryKey(),
    countyCode: text('county_code')
      .notNull()
      .references(() => regions.code),
    kind: text('kind', { enum: ['neighbour', 'river'] }).notNull(),
    code: text('code'),
    name: text('name').notNull(),
    geometry: jsonb('geometry').notNull(),
    properties: jsonb('properties').notNull().default({}),
  },
  (t) => [index('map_features_county_kind_idx').on(t.countyCode, t.kind)],
);

export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: [
        'bureau',
        'bureau_office',
        'committee',
        'headquarters',
        'department',
        'township_office',
        'village_post',
        'enterprise',
      ],
    }).notNull(),
    parentId: uuid('parent_id'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('org_units_region_idx').on(t.regionCode),
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'org_units_parent_fk' }),
    uniqueIndex('org_units_name_region_uq').on(t.name, t.regionCode),
  ],
);

/**
 * Member units (成员单位) of a committee or headquarters, with the member's role in that body
 * (牵头/成员) and its written responsibilities there (责任清单, an ordered list of short items).
 */
export const orgUnitMembers = pgTable(
  'org_unit_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['lead', 'member'] })
      .notNull()
      .default('member'),
    /** JSON array of strings, in the order the list gives them. */
    duties: jsonb('duties').$type<string[]>().notNull().default([]),
    /** Role and duties are demo data (演示数据) until someone edits them. */
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.memberId] }),
    check('org_unit_members_role', sql`${t.role} in ('lead', 'member')`),
    check('org_unit_members_duties_array', sql`jsonb_typeof(${t.duties}) = 'array'`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull(),
    scopeLevel: text('scope_level', {
      enum: ['county', 'township', 'village', 'department', 'enterprise'],
    }).notNull(),
    scopeRegionCode: text('scope_region_code')
      .notNull()
      .references(() => regions.code),
    scopeOrgUnitId: uuid('scope_org_unit_id').references(() => orgUnits.id),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    /** The user record's own jurisdiction: where the account belongs (its scope region). */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    disabled: boolean('disabled').notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: tz('locked_until'),
    passwordChangedAt: tz('password_changed_at').notNull().defaultNow(),
    lastLoginAt: tz('last_login_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    index('users_region_idx').on(t.regionCode),
    check('users_roles_nonempty', sql`cardinality(${t.roles}) > 0`),
  ],
);

/** Browser sessions and integration bearer tokens; `id` is the SHA-256 of the token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    expiresAt: tz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Responsible persons and contacts (责任人/联系人) of townships, villages and units. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    duty: text('duty').notNull(),
    phone: text('phone').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    /**
     * The committee/headquarters (三委四部) this person serves as the member unit's responsible leader
     * or liaison; null for a unit-wide contact and for a body's own leadership (then orgUnitId is the body).
     */
    bodyId: uuid('body_id').references(() => orgUnits.id),
    /** Position held (职务), e.g. 县委常委、常务副县长. */
    title: text('title'),
    /** Office landline (办公电话); `phone` is the mobile or main number. */
    officePhone: text('office_phone'),
    note: text('note'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('contacts_region_idx').on(t.regionCode),
    index('contacts_org_unit_idx').on(t.orgUnitId),
    index('contacts_body_idx').on(t.bodyId),
  ],
);

/** Append-only, hash-chained audit trail. No code path updates or deletes rows. */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    regionCode: text('region_code'),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    ip: text('ip'),
    details: jsonb('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorName)],
);

/** The chain head: locked by each audit append, so sequence numbers stay gap-free under concurrency. */
export const auditHead = pgTable(
  'audit_head',
  {
    id: integer('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [check('audit_head_single', sql`${t.id} = 1`)],
);

/** Installation facts: region pack loaded, demo seeded, bootstrap done. */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** Enterprises (企业): the work-safety registry. `org_unit_id` is the enterprise's own unit (scope of its users). */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    industry: text('industry').notNull(),
    scale: text('scale').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    lon: doublePrecision('lon').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(), // WGS84
    address: text('address'),
    legalRepresentative: text('legal_representative'),
    safetyManager: text('safety_manager'),
    safetyManagerPhone: text('safety_manager_phone'),
    standardizationGrade: text('standardization_grade').notNull(),
    insured: boolean('insured').notNull().default(false),
    insuranceExpiresOn: date('insurance_expires_on', { mode: 'string' }),
    /** [{name, number, expiresOn}] */
    licences: jsonb('licences').notNull().default([]),
    supervisingDepartmentId: uuid('supervising_department_id').references(() => orgUnits.id),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    /**
     * Every two-character piece of the lower-cased name and credit code (`ningan_bigrams`, migration
     * 0004): the list's "contains" search finds candidates in a GIN index, then checks them with ILIKE.
     * Bigrams, not pg_trgm's trigrams, because Chinese searches are often two characters (恒达, 化工).
     */
    searchGrams: text('search_grams')
      .array()
      .notNull()
      .generatedAlwaysAs(sql`ningan_bigrams(name) || ningan_bigrams(credit_code)`),
  },
  (t) => [
    uniqueIndex('enterprises_credit_code_uq').on(t.creditCode),
    uniqueIndex('enterprises_org_unit_uq').on(t.orgUnitId),
    // The list's orders, each ending in id (unique) and carrying region_code (the jurisdiction filter),
    // so a page — even a deep one — is read from the index alone (issue #3: 100,000 enterprises).
    index('enterprises_region_name_idx').on(t.regionCode, t.name, t.id),
    index('enterprises_name_idx').on(t.name, t.id, t.regionCode),
    index('enterprises_updated_idx').on(t.updatedAt, t.id, t.regionCode),
    index('enterprises_industry_idx').on(t.industry, t.regionCode),
    index('enterprises_search_idx').using('gin', t.searchGrams),
    index('enterprises_supervisor_idx').on(t.supervisingDepartmentId),
    check('enterprises_lon', sql`${t.lon} between -180 and 180`),
    check('enterprises_lat', sql`${t.lat} between -90 and 90`),
  ],
);

/**
 * Records of the declarative ledger registries (domain `REGISTRIES`: hazard sources, risk points, wells,
 * pipelines, hazard points, teams, shelters, plans…). Common columns carry what lists, jurisdiction and
 * the map need; the registry's own fields are `attrs` (validated by the registry's schema before they
 * get here) and its computed results `derived`. See docs/adr/0004-ledger-registries.md.
 */
export const ledgerRecords = pgTable(
  'ledger_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    registry: text('registry').notNull(),
    /** Import/matching key, unique within the registry (domain `recordKey`). */
    recordKey: text('record_key').notNull(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** The point, or a point on the line/polygon (search results, labels); null for records without a place. */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** LineString / Polygon (WGS84) for line and area registries. */
    geometry: jsonb('geometry'),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    /** The owning enterprise's org unit: its users see the record. */
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    supervisingDepartmentId: uuid('supervising_department_id').references(() => orgUnits.id),
    attrs: jsonb('attrs').notNull().default({}),
    derived: jsonb('derived'),
    grade: text('grade'),
    /** Name and the registry's searchable fields, lower-cased, for the list's free-text filter. */
    searchText: text('search_text').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_records_key_uq').on(t.registry, t.recordKey),
    index('ledger_records_region_idx').on(t.registry, t.regionCode),
    index('ledger_records_grade_idx').on(t.registry, t.grade),
    index('ledger_records_name_idx').on(t.registry, t.name),
    index('ledger_records_enterprise_idx').on(t.enterpriseId),
    index('ledger_records_org_unit_idx').on(t.orgUnitId),
    index('ledger_records_supervisor_idx').on(t.supervisingDepartmentId),
    check('ledger_records_lon', sql`${t.lon} between -180 and 180`),
    check('ledger_records_lat', sql`${t.lat} between -90 and 90`),
  ],
);

/**
 * Warehouse stock (储备物资, issue #3): one row per batch of a catalogue item (domain `SUPPLY_CATALOGUE`) in
 * a warehouse (a `warehouses` ledger record). Quantities are in the item's unit, at most three decimals
 * (rounded by the domain rules); never negative. Jurisdiction follows the warehouse record.
 */
export const stockLots = pgTable(
  'stock_lots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => ledgerRecords.id),
    itemCode: text('item_code').notNull(),
    batch: text('batch').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    quantity: doublePrecision('quantity').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stock_lots_batch_uq').on(t.warehouseId, t.itemCode, t.batch),
    index('stock_lots_expires_idx').on(t.expiresOn),
    check('stock_lots_quantity_nonneg', sql`${t.quantity} >= 0`),
  ],
);

/**
 * The stock ledger (出入库台账): every change of a lot is a row, never updated or deleted. One request
 * (单据) is a `voucher`; a stock-out spread over several batches (FIFO) writes one row per batch.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Order of writing (the ledger's line number); several rows share one `at`. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    voucher: uuid('voucher').notNull(),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => ledgerRecords.id),
    itemCode: text('item_code').notNull(),
    batch: text('batch').notNull(),
    kind: text('kind', { enum: ['in', 'out', 'take'] }).notNull(),
    /** Signed change of the lot's quantity (a stock-take records counted − booked, possibly 0). */
    delta: doublePrecision('delta').notNull(),
    quantityAfter: doublePrecision('quantity_after').notNull(),
    reason: text('reason').notNull(),
    destination: text('destination'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    at: tz('at').notNull(),
    /** The warehouse's region when the movement was made. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
  },
  (t) => [
    index('stock_movements_warehouse_idx').on(t.warehouseId, t.seq),
    index('stock_movements_voucher_idx').on(t.voucher),
    check('stock_movements_kind', sql`${t.kind} in ('in', 'out', 'take')`),
    check('stock_movements_after_nonneg', sql`${t.quantityAfter} >= 0`),
    check(
      'stock_movements_delta_sign',
      sql`(${t.kind} = 'in' and ${t.delta} > 0) or (${t.kind} = 'out' and ${t.delta} < 0) or ${t.kind} = 'take'`,
    ),
  ],
);

/** 最低库存: below it an item of a warehouse is listed as low stock. */
export const stockMinimums = pgTable(
  'stock_minimums',
  {
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => ledgerRecords.id),
    itemCode: text('item_code').notNull(),
    minQuantity: doublePrecision('min_quantity').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.itemCode] }),
    check('stock_minimums_nonneg', sql`${t.minQuantity} >= 0`),
  ],
);

/** Raw bytes (`bytea`): PGlite hands back a Uint8Array, node-postgres a Buffer; both arrive as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * Files kept with ledger records (应急预案附件, a drill's report and photos; domain attachment.ts and the
 * registry's `attachments` flag). The content lives in the row, so PGlite and PostgreSQL behave alike
 * and an upload commits atomically with its audit row. Jurisdiction is the record's (no copy here).
 * No cascade: deleting a record goes through the service, which removes and audits its files first.
 */
export const ledgerAttachments = pgTable(
  'ledger_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => ledgerRecords.id),
    /** As uploaded, cleaned (no directories or control characters), at most 200 characters. */
    fileName: text('file_name').notNull(),
    /** From the sniffed content, never from the upload's header. */
    contentType: text('content_type').notNull(),
    /** Bytes. */
    size: integer('size').notNull(),
    /** SHA-256 of the content, hex (recorded in the audit trail too). */
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedById: uuid('uploaded_by_id'),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_attachments_record_idx').on(t.recordId, t.createdAt),
    check('ledger_attachments_size', sql`${t.size} > 0 and ${t.size} = octet_length(${t.content})`),
    check('ledger_attachments_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

// Monitoring devices and time series (issue #4): stations, sensors, quarantine, readings and rollups.
export * from './monitoring.ts';

// Alarm rules, engine state, alarms, outbox and incidents (issue #4 parts 4 and 6).
export * from './alarms.ts';

// Warnings: CAP messages, deliveries, 叫应, public recipient list, loudspeakers, external CAP (issue #5).
export * from './warnings.ts';

// 一盘棋: incident timeline, reports and deadlines, activations and 叫应, tasks, allocations, files, situation
// reports, review findings; duty shifts, sign-ins, log, handovers, nil reports (issue #6).
export * from './command.ts';

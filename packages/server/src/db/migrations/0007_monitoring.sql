CREATE TABLE "ingest_quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ingest_quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone NOT NULL,
	"station_id" uuid,
	"device_code" text,
	"region_code" text NOT NULL,
	"org_unit_id" uuid,
	"owner_department_id" uuid,
	"source" text NOT NULL,
	"topic" text,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"payload" text NOT NULL,
	"payload_bytes" integer NOT NULL,
	CONSTRAINT "ingest_quarantine_source" CHECK ("ingest_quarantine"."source" in ('mqtt', 'http', 'connector'))
);
--> statement-breakpoint
CREATE TABLE "ingest_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"region_code" text NOT NULL,
	"org_unit_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "readings" (
	"series_id" integer NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "readings_series_id_ts_pk" PRIMARY KEY("series_id","ts")
);
--> statement-breakpoint
CREATE TABLE "readings_1h" (
	"series_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "readings_1h_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "readings_1m" (
	"series_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "readings_1m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "sensors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" integer GENERATED ALWAYS AS IDENTITY (sequence name "sensors_series_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"station_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"label" text,
	"unit" text NOT NULL,
	"valid_min" double precision NOT NULL,
	"valid_max" double precision NOT NULL,
	"sampling_seconds" integer NOT NULL,
	"warning_stage" double precision,
	"guaranteed_stage" double precision,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sensors_range" CHECK ("sensors"."valid_min" < "sensors"."valid_max"),
	CONSTRAINT "sensors_sampling" CHECK ("sensors"."sampling_seconds" between 1 and 86400)
);
--> statement-breakpoint
CREATE TABLE "station_health" (
	"station_id" uuid PRIMARY KEY NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"battery" double precision,
	"signal" double precision
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"ledger_record_id" uuid,
	"enterprise_id" uuid,
	"owner_department_id" uuid,
	"org_unit_id" uuid,
	"note" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"secret_hash" text NOT NULL,
	"secret_set_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_lon" CHECK ("stations"."lon" between -180 and 180),
	CONSTRAINT "stations_lat" CHECK ("stations"."lat" between -90 and 90),
	CONSTRAINT "stations_code" CHECK ("stations"."code" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$')
);
--> statement-breakpoint
ALTER TABLE "ingest_quarantine" ADD CONSTRAINT "ingest_quarantine_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_tokens" ADD CONSTRAINT "ingest_tokens_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_tokens" ADD CONSTRAINT "ingest_tokens_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_tokens" ADD CONSTRAINT "ingest_tokens_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensors" ADD CONSTRAINT "sensors_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_health" ADD CONSTRAINT "station_health_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_ledger_record_id_ledger_records_id_fk" FOREIGN KEY ("ledger_record_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_owner_department_id_org_units_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_quarantine_station_idx" ON "ingest_quarantine" USING btree ("station_id","received_at");--> statement-breakpoint
CREATE INDEX "ingest_quarantine_received_idx" ON "ingest_quarantine" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "ingest_quarantine_region_idx" ON "ingest_quarantine" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ingest_tokens_secret_uq" ON "ingest_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "ingest_tokens_region_idx" ON "ingest_tokens" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "readings_1h_bucket_idx" ON "readings_1h" USING btree ("bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "sensors_series_uq" ON "sensors" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sensors_station_metric_uq" ON "sensors" USING btree ("station_id","metric");--> statement-breakpoint
CREATE UNIQUE INDEX "stations_code_uq" ON "stations" USING btree ("code");--> statement-breakpoint
CREATE INDEX "stations_region_idx" ON "stations" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "stations_org_unit_idx" ON "stations" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "stations_owner_idx" ON "stations" USING btree ("owner_department_id");--> statement-breakpoint
CREATE INDEX "stations_ledger_record_idx" ON "stations" USING btree ("ledger_record_id");--> statement-breakpoint
CREATE INDEX "stations_enterprise_idx" ON "stations" USING btree ("enterprise_id");
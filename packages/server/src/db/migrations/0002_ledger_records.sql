CREATE TABLE "ledger_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registry" text NOT NULL,
	"record_key" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"lon" double precision,
	"lat" double precision,
	"geometry" jsonb,
	"enterprise_id" uuid,
	"org_unit_id" uuid,
	"supervising_department_id" uuid,
	"attrs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"derived" jsonb,
	"grade" text,
	"search_text" text DEFAULT '' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_records_lon" CHECK ("ledger_records"."lon" between -180 and 180),
	CONSTRAINT "ledger_records_lat" CHECK ("ledger_records"."lat" between -90 and 90)
);
--> statement-breakpoint
ALTER TABLE "ledger_records" ADD CONSTRAINT "ledger_records_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_records" ADD CONSTRAINT "ledger_records_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_records" ADD CONSTRAINT "ledger_records_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_records" ADD CONSTRAINT "ledger_records_supervising_department_id_org_units_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_records_key_uq" ON "ledger_records" USING btree ("registry","record_key");--> statement-breakpoint
CREATE INDEX "ledger_records_region_idx" ON "ledger_records" USING btree ("registry","region_code");--> statement-breakpoint
CREATE INDEX "ledger_records_grade_idx" ON "ledger_records" USING btree ("registry","grade");--> statement-breakpoint
CREATE INDEX "ledger_records_name_idx" ON "ledger_records" USING btree ("registry","name");--> statement-breakpoint
CREATE INDEX "ledger_records_enterprise_idx" ON "ledger_records" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "ledger_records_org_unit_idx" ON "ledger_records" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "ledger_records_supervisor_idx" ON "ledger_records" USING btree ("supervising_department_id");
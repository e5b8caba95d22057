CREATE TABLE "ingest_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"org_unit_id" uuid,
	"enabled" boolean DEFAULT true NOT NULL,
	"settings" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run" jsonb,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_connectors_kind" CHECK ("ingest_connectors"."kind" in ('http_pull', 'csv_drop'))
);
--> statement-breakpoint
ALTER TABLE "ingest_connectors" ADD CONSTRAINT "ingest_connectors_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_connectors" ADD CONSTRAINT "ingest_connectors_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_connectors" ADD CONSTRAINT "ingest_connectors_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingest_connectors_region_idx" ON "ingest_connectors" USING btree ("region_code");
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"industry" text NOT NULL,
	"scale" text NOT NULL,
	"region_code" text NOT NULL,
	"lon" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"address" text,
	"legal_representative" text,
	"safety_manager" text,
	"safety_manager_phone" text,
	"standardization_grade" text NOT NULL,
	"insured" boolean DEFAULT false NOT NULL,
	"insurance_expires_on" date,
	"licences" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"supervising_department_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprises_lon" CHECK ("enterprises"."lon" between -180 and 180),
	CONSTRAINT "enterprises_lat" CHECK ("enterprises"."lat" between -90 and 90)
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_supervising_department_id_org_units_id_fk" FOREIGN KEY ("supervising_department_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_org_unit_uq" ON "enterprises" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "enterprises_industry_idx" ON "enterprises" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "enterprises_supervisor_idx" ON "enterprises" USING btree ("supervising_department_id");
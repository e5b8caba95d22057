ALTER TABLE "contacts" ADD COLUMN "body_id" uuid;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "office_phone" text;--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD COLUMN "duties" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_body_id_org_units_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_org_unit_idx" ON "contacts" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "contacts_body_idx" ON "contacts" USING btree ("body_id");--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD CONSTRAINT "org_unit_members_role" CHECK ("org_unit_members"."role" in ('lead', 'member'));--> statement-breakpoint
ALTER TABLE "org_unit_members" ADD CONSTRAINT "org_unit_members_duties_array" CHECK (jsonb_typeof("org_unit_members"."duties") = 'array');
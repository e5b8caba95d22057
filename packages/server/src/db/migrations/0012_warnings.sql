CREATE TABLE "broadcast_terminals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"terminal_id" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "external_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identifier" text NOT NULL,
	"sender" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"msg_type" text NOT NULL,
	"cap_status" text NOT NULL,
	"headline" text,
	"event" text,
	"level" text,
	"effective_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"alert" jsonb NOT NULL,
	"area_geojson" jsonb,
	"xml" text NOT NULL,
	"source_url" text,
	"status" text DEFAULT 'received' NOT NULL,
	"relayed_warning_id" uuid,
	"region_code" text NOT NULL,
	"received_by_id" uuid,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"recipient_key" text NOT NULL,
	"person_name" text NOT NULL,
	"phone" text,
	"user_id" uuid,
	"role" text NOT NULL,
	"township_code" text,
	"village_code" text,
	"step" text DEFAULT 'initial' NOT NULL,
	"step_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer_channel" text,
	"answer_note" text,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warning_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warning_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"audience" text NOT NULL,
	"recipient_key" text NOT NULL,
	"recipient_name" text,
	"address" text,
	"township_code" text,
	"village_code" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"receipt_id" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_recipient_sets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warning_recipient_sets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warning_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"audience" text NOT NULL,
	"township_code" text,
	"village_code" text,
	"phones" text[] NOT NULL,
	"total" integer NOT NULL,
	"next_index" integer DEFAULT 0 NOT NULL,
	"stopped_at" timestamp with time zone,
	"stopped_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "warning_recipient_sets_cursor" CHECK ("warning_recipient_sets"."next_index" >= 0 and "warning_recipient_sets"."next_index" <= "warning_recipient_sets"."total")
);
--> statement-breakpoint
CREATE TABLE "warning_sequences" (
	"day" date PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_subscribers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warning_subscribers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone" text NOT NULL,
	"name" text,
	"region_code" text NOT NULL,
	"source" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chain_id" uuid NOT NULL,
	"identifier" text,
	"msg_type" text NOT NULL,
	"cap_status" text DEFAULT 'Actual' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"hazard" text NOT NULL,
	"level" text NOT NULL,
	"headline" text NOT NULL,
	"description" text NOT NULL,
	"instruction" text NOT NULL,
	"info_en" jsonb,
	"area" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"audiences" text[] NOT NULL,
	"channels" text[] NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"effective_at" timestamp with time zone NOT NULL,
	"onset_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"references" text,
	"cap_xml" text,
	"region_code" text NOT NULL,
	"author_id" uuid,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"signed_by_id" uuid,
	"return_reason" text,
	"superseded_by_id" uuid,
	"superseded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "warnings_msg_type" CHECK ("warnings"."msg_type" in ('Alert', 'Update', 'Cancel')),
	CONSTRAINT "warnings_times" CHECK ("warnings"."effective_at" <= "warnings"."expires_at")
);
--> statement-breakpoint
ALTER TABLE "broadcast_terminals" ADD CONSTRAINT "broadcast_terminals_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_warnings" ADD CONSTRAINT "external_warnings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_warnings" ADD CONSTRAINT "external_warnings_received_by_id_users_id_fk" FOREIGN KEY ("received_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_calls" ADD CONSTRAINT "warning_calls_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_calls" ADD CONSTRAINT "warning_calls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_deliveries" ADD CONSTRAINT "warning_deliveries_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipient_sets" ADD CONSTRAINT "warning_recipient_sets_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_subscribers" ADD CONSTRAINT "warning_subscribers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_signed_by_id_users_id_fk" FOREIGN KEY ("signed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_terminals_terminal_uq" ON "broadcast_terminals" USING btree ("terminal_id");--> statement-breakpoint
CREATE INDEX "broadcast_terminals_region_idx" ON "broadcast_terminals" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "external_warnings_uq" ON "external_warnings" USING btree ("sender","identifier");--> statement-breakpoint
CREATE INDEX "external_warnings_received_idx" ON "external_warnings" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_calls_uq" ON "warning_calls" USING btree ("warning_id","recipient_key");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_calls_token_uq" ON "warning_calls" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "warning_calls_due_idx" ON "warning_calls" USING btree ("due_at") WHERE "warning_calls"."answered_at" is null and "warning_calls"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "warning_calls_phone_idx" ON "warning_calls" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_deliveries_uq" ON "warning_deliveries" USING btree ("warning_id","recipient_key","channel");--> statement-breakpoint
CREATE INDEX "warning_deliveries_due_idx" ON "warning_deliveries" USING btree ("channel","next_attempt_at","id") WHERE "warning_deliveries"."state" in ('queued', 'failed') and "warning_deliveries"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "warning_deliveries_warning_idx" ON "warning_deliveries" USING btree ("warning_id","township_code","audience","channel","state");--> statement-breakpoint
CREATE INDEX "warning_deliveries_receipt_idx" ON "warning_deliveries" USING btree ("receipt_id") WHERE "warning_deliveries"."receipt_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "warning_recipient_sets_uq" ON "warning_recipient_sets" USING btree ("warning_id","channel",coalesce("village_code", "township_code", ''));--> statement-breakpoint
CREATE INDEX "warning_recipient_sets_open_idx" ON "warning_recipient_sets" USING btree ("channel","id") WHERE "warning_recipient_sets"."stopped_at" is null and "warning_recipient_sets"."next_index" < "warning_recipient_sets"."total";--> statement-breakpoint
CREATE UNIQUE INDEX "warning_subscribers_uq" ON "warning_subscribers" USING btree ("phone","region_code");--> statement-breakpoint
CREATE INDEX "warning_subscribers_region_idx" ON "warning_subscribers" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_identifier_uq" ON "warnings" USING btree ("identifier") WHERE "warnings"."identifier" is not null;--> statement-breakpoint
CREATE INDEX "warnings_chain_idx" ON "warnings" USING btree ("chain_id","created_at");--> statement-breakpoint
CREATE INDEX "warnings_state_idx" ON "warnings" USING btree ("state","updated_at");--> statement-breakpoint
CREATE INDEX "warnings_active_idx" ON "warnings" USING btree ("expires_at") WHERE "warnings"."state" = 'published';
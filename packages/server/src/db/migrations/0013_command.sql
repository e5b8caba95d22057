CREATE TABLE "command_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"ack_id" uuid,
	"recipient_key" text NOT NULL,
	"recipient_name" text NOT NULL,
	"phone" text NOT NULL,
	"text" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"receipt_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "command_notices_state" CHECK ("command_notices"."state" in ('queued', 'sending', 'sent', 'failed', 'skipped')),
	CONSTRAINT "command_notices_kind" CHECK ("command_notices"."kind" in ('activation', 'ack_resend', 'ack_escalation', 'deadline_overdue', 'deadline_warn', 'nil_chase', 'task', 'sitrep'))
);
--> statement-breakpoint
CREATE TABLE "duty_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_shift_id" uuid NOT NULL,
	"to_shift_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"handed_over_by_id" uuid,
	"handed_over_by_name" text NOT NULL,
	"taken_over_by_id" uuid,
	"taken_over_by_name" text,
	"taken_over_at" timestamp with time zone,
	"open_items" jsonb NOT NULL,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "duty_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "duty_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"region_code" text NOT NULL,
	"shift_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"incident_id" uuid,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"open_item" integer DEFAULT 0 NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "duty_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"date" date NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"leader" jsonb NOT NULL,
	"officers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_sign_ins" (
	"shift_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "duty_sign_ins_shift_id_user_id_pk" PRIMARY KEY("shift_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "incident_acks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activation_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"recipient_key" text NOT NULL,
	"person_name" text NOT NULL,
	"role" text NOT NULL,
	"unit_name" text,
	"phone" text,
	"user_id" uuid,
	"step" text DEFAULT 'initial' NOT NULL,
	"step_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answer_channel" text,
	"token_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_activations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by_id" uuid,
	"decided_by_name" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"task_id" uuid,
	"warehouse_id" uuid NOT NULL,
	"voucher" uuid NOT NULL,
	"lines" jsonb NOT NULL,
	"destination" text NOT NULL,
	"state" text DEFAULT 'allocated' NOT NULL,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"shipped_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "incident_allocations_state" CHECK ("incident_allocations"."state" in ('allocated', 'shipped', 'arrived'))
);
--> statement-breakpoint
CREATE TABLE "incident_deadline_firings" (
	"incident_id" uuid NOT NULL,
	"step" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"recipient" text NOT NULL,
	"kind" text NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_deadline_firings_incident_id_step_n_recipient_kind_pk" PRIMARY KEY("incident_id","step","n","recipient","kind")
);
--> statement-breakpoint
CREATE TABLE "incident_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by_id" uuid,
	"uploaded_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"finding" text NOT NULL,
	"responsible_unit" text NOT NULL,
	"responsible_org_unit_id" uuid,
	"due_on" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"rectification" text,
	"rectified_at" timestamp with time zone,
	"verified_by_id" uuid,
	"verified_by_name" text,
	"verified_at" timestamp with time zone,
	"verification_note" text,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_findings_state" CHECK ("incident_findings"."state" in ('open', 'rectified', 'verified'))
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"step" text NOT NULL,
	"n" integer,
	"recipient" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"filed_by_id" uuid,
	"filed_by_name" text NOT NULL,
	"content" jsonb NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_sitreps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"compiled_by_id" uuid,
	"compiled_by_name" text NOT NULL,
	"compiled_at" timestamp with time zone NOT NULL,
	"approved_by_id" uuid,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_task_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"text" text NOT NULL,
	"photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lon" double precision,
	"lat" double precision
);
--> statement-breakpoint
CREATE TABLE "incident_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"activation_id" uuid,
	"title" text NOT NULL,
	"detail" text,
	"assignee_kind" text NOT NULL,
	"assignee_id" text NOT NULL,
	"assignee_name" text NOT NULL,
	"assignee_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending_read' NOT NULL,
	"due_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"returned_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "incident_tasks_state" CHECK ("incident_tasks"."state" in ('pending_read', 'read', 'feedback', 'completed', 'returned'))
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_timeline_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"summary" text NOT NULL,
	"data" jsonb,
	"ref_id" text
);
--> statement-breakpoint
CREATE TABLE "nil_report_chases" (
	"date" date NOT NULL,
	"township_code" text NOT NULL,
	"chased_at" timestamp with time zone NOT NULL,
	CONSTRAINT "nil_report_chases_date_township_code_pk" PRIMARY KEY("date","township_code")
);
--> statement-breakpoint
CREATE TABLE "nil_reports" (
	"date" date NOT NULL,
	"township_code" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by_id" uuid,
	"submitted_by_name" text NOT NULL,
	"note" text,
	"chased" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "nil_reports_date_township_code_pk" PRIMARY KEY("date","township_code")
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "event_type" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "event_class" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "figures" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "grade" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "grade_basis" jsonb;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "response_level" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "known_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "intake" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "stabilized_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "casualty_changes_at" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "next_timer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "closed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "close_summary" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "command_notices" ADD CONSTRAINT "command_notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "command_notices" ADD CONSTRAINT "command_notices_ack_id_incident_acks_id_fk" FOREIGN KEY ("ack_id") REFERENCES "public"."incident_acks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_from_shift_id_duty_shifts_id_fk" FOREIGN KEY ("from_shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_handovers" ADD CONSTRAINT "duty_handovers_to_shift_id_duty_shifts_id_fk" FOREIGN KEY ("to_shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_shift_id_duty_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_log" ADD CONSTRAINT "duty_log_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_shifts" ADD CONSTRAINT "duty_shifts_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_sign_ins" ADD CONSTRAINT "duty_sign_ins_shift_id_duty_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."duty_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_sign_ins" ADD CONSTRAINT "duty_sign_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_acks" ADD CONSTRAINT "incident_acks_activation_id_incident_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."incident_activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_acks" ADD CONSTRAINT "incident_acks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_acks" ADD CONSTRAINT "incident_acks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_activations" ADD CONSTRAINT "incident_activations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_activations" ADD CONSTRAINT "incident_activations_plan_id_ledger_records_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_activations" ADD CONSTRAINT "incident_activations_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_allocations" ADD CONSTRAINT "incident_allocations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_allocations" ADD CONSTRAINT "incident_allocations_task_id_incident_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."incident_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_allocations" ADD CONSTRAINT "incident_allocations_warehouse_id_ledger_records_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_allocations" ADD CONSTRAINT "incident_allocations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_deadline_firings" ADD CONSTRAINT "incident_deadline_firings_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_files" ADD CONSTRAINT "incident_files_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_filed_by_id_users_id_fk" FOREIGN KEY ("filed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_sitreps" ADD CONSTRAINT "incident_sitreps_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_task_feedback" ADD CONSTRAINT "incident_task_feedback_task_id_incident_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."incident_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tasks" ADD CONSTRAINT "incident_tasks_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tasks" ADD CONSTRAINT "incident_tasks_activation_id_incident_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."incident_activations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_tasks" ADD CONSTRAINT "incident_tasks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nil_report_chases" ADD CONSTRAINT "nil_report_chases_township_code_regions_code_fk" FOREIGN KEY ("township_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nil_reports" ADD CONSTRAINT "nil_reports_township_code_regions_code_fk" FOREIGN KEY ("township_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "command_notices_uq" ON "command_notices" USING btree ("kind","ref","recipient_key");--> statement-breakpoint
CREATE INDEX "command_notices_incident_idx" ON "command_notices" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "command_notices_due_idx" ON "command_notices" USING btree ("next_attempt_at") WHERE "command_notices"."state" in ('queued', 'failed') and "command_notices"."next_attempt_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "duty_handovers_from_uq" ON "duty_handovers" USING btree ("from_shift_id");--> statement-breakpoint
CREATE INDEX "duty_log_time_idx" ON "duty_log" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "duty_shifts_time_idx" ON "duty_shifts" USING btree ("region_code","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_acks_uq" ON "incident_acks" USING btree ("activation_id","recipient_key");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_acks_token_uq" ON "incident_acks" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "incident_acks_due_idx" ON "incident_acks" USING btree ("due_at") WHERE "incident_acks"."answered_at" is null and "incident_acks"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "incident_activations_incident_idx" ON "incident_activations" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_allocations_incident_idx" ON "incident_allocations" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_files_incident_idx" ON "incident_files" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_findings_incident_idx" ON "incident_findings" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reports_version_uq" ON "incident_reports" USING btree ("incident_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_sitreps_n_uq" ON "incident_sitreps" USING btree ("incident_id","n");--> statement-breakpoint
CREATE INDEX "incident_task_feedback_task_idx" ON "incident_task_feedback" USING btree ("task_id","at");--> statement-breakpoint
CREATE INDEX "incident_tasks_incident_idx" ON "incident_tasks" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "incident_tasks_state_idx" ON "incident_tasks" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" USING btree ("incident_id","seq");--> statement-breakpoint
CREATE INDEX "incidents_timer_idx" ON "incidents" USING btree ("next_timer_at") WHERE "incidents"."next_timer_at" is not null;--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status","occurred_at");
CREATE TABLE "ledger_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by_id" uuid,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_attachments_size" CHECK ("ledger_attachments"."size" > 0 and "ledger_attachments"."size" = octet_length("ledger_attachments"."content")),
	CONSTRAINT "ledger_attachments_sha256" CHECK ("ledger_attachments"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "ledger_attachments" ADD CONSTRAINT "ledger_attachments_record_id_ledger_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_attachments_record_idx" ON "ledger_attachments" USING btree ("record_id","created_at");--> statement-breakpoint
-- Added by hand (drizzle-kit has no column storage setting): uploads are PDFs, Office files and images,
-- mostly compressed already, so they are stored out of line without trying to compress them again.
ALTER TABLE "ledger_attachments" ALTER COLUMN "content" SET STORAGE EXTERNAL;
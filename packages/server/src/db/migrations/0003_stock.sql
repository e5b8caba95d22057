CREATE TABLE "stock_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"batch" text NOT NULL,
	"expires_on" date,
	"quantity" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_lots_quantity_nonneg" CHECK ("stock_lots"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_minimums" (
	"warehouse_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"min_quantity" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_minimums_warehouse_id_item_code_pk" PRIMARY KEY("warehouse_id","item_code"),
	CONSTRAINT "stock_minimums_nonneg" CHECK ("stock_minimums"."min_quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "stock_movements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"voucher" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"batch" text NOT NULL,
	"kind" text NOT NULL,
	"delta" double precision NOT NULL,
	"quantity_after" double precision NOT NULL,
	"reason" text NOT NULL,
	"destination" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"region_code" text NOT NULL,
	CONSTRAINT "stock_movements_kind" CHECK ("stock_movements"."kind" in ('in', 'out', 'take')),
	CONSTRAINT "stock_movements_after_nonneg" CHECK ("stock_movements"."quantity_after" >= 0),
	CONSTRAINT "stock_movements_delta_sign" CHECK (("stock_movements"."kind" = 'in' and "stock_movements"."delta" > 0) or ("stock_movements"."kind" = 'out' and "stock_movements"."delta" < 0) or "stock_movements"."kind" = 'take')
);
--> statement-breakpoint
ALTER TABLE "stock_lots" ADD CONSTRAINT "stock_lots_warehouse_id_ledger_records_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_minimums" ADD CONSTRAINT "stock_minimums_warehouse_id_ledger_records_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_warehouse_id_ledger_records_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."ledger_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stock_lots_batch_uq" ON "stock_lots" USING btree ("warehouse_id","item_code","batch");--> statement-breakpoint
CREATE INDEX "stock_lots_expires_idx" ON "stock_lots" USING btree ("expires_on");--> statement-breakpoint
CREATE INDEX "stock_movements_warehouse_idx" ON "stock_movements" USING btree ("warehouse_id","seq");--> statement-breakpoint
CREATE INDEX "stock_movements_voucher_idx" ON "stock_movements" USING btree ("voucher");
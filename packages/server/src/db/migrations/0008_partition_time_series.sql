-- Custom migration (drizzle-kit cannot express partitioning): 0007 generated `readings` and
-- `readings_1m` as plain tables; re-create them, still empty, as range-partitioned tables with the same
-- columns and keys, so the drizzle schema (db/schema/monitoring.ts) still describes them exactly.
-- Raw readings are partitioned by day, minute rollups by month. The time-series maintenance job
-- creates partitions ahead of time and drops them after their retention (ADR 0007). A DEFAULT
-- partition takes rows outside every created partition (late back-fills), so an insert never fails
-- for want of a partition.
DROP TABLE "readings";
--> statement-breakpoint
CREATE TABLE "readings" (
	"series_id" integer NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "readings_series_id_ts_pk" PRIMARY KEY("series_id","ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE TABLE "readings_default" PARTITION OF "readings" DEFAULT;
--> statement-breakpoint
DROP TABLE "readings_1m";
--> statement-breakpoint
CREATE TABLE "readings_1m" (
	"series_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"sum" double precision NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "readings_1m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
) PARTITION BY RANGE ("bucket");
--> statement-breakpoint
CREATE TABLE "readings_1m_default" PARTITION OF "readings_1m" DEFAULT;

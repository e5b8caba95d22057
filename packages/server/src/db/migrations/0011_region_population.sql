ALTER TABLE "regions" ADD COLUMN "population" integer;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "population_source" text;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "population_year" integer;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_population" CHECK ("regions"."population" is null or "regions"."population" >= 0);
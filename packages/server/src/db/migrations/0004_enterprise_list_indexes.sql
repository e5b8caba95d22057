-- Every two-character piece of lower(t): the enterprise list's "contains" search looks its grams up in a
-- GIN index (enterprises.search_grams), then checks the candidates with ILIKE. Hand-written (drizzle-kit
-- does not generate functions); the generated column below depends on it.
CREATE OR REPLACE FUNCTION ningan_bigrams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  s text := lower(t);
  grams text[] := '{}';
BEGIN
  FOR i IN 1 .. length(s) - 1 LOOP
    grams := grams || substr(s, i, 2);
  END LOOP;
  RETURN grams;
END
$$;--> statement-breakpoint
DROP INDEX "enterprises_region_idx";--> statement-breakpoint
DROP INDEX "enterprises_industry_idx";--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "search_grams" text[] GENERATED ALWAYS AS (ningan_bigrams(name) || ningan_bigrams(credit_code)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "enterprises_region_name_idx" ON "enterprises" USING btree ("region_code","name","id");--> statement-breakpoint
CREATE INDEX "enterprises_name_idx" ON "enterprises" USING btree ("name","id","region_code");--> statement-breakpoint
CREATE INDEX "enterprises_updated_idx" ON "enterprises" USING btree ("updated_at","id","region_code");--> statement-breakpoint
CREATE INDEX "enterprises_search_idx" ON "enterprises" USING gin ("search_grams");--> statement-breakpoint
CREATE INDEX "enterprises_industry_idx" ON "enterprises" USING btree ("industry","region_code");
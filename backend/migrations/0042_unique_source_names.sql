-- Sources named alike before names were unique keep their data: the later ones get a number, "Website (2)".
UPDATE "cdp_sources" s SET "name" = left(s."name", 240) || ' (' || d.n || ')'
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "tenant_id", lower("name") ORDER BY "created_at", "id") AS n
  FROM "cdp_sources" WHERE NOT "is_deleted"
) d
WHERE s."id" = d."id" AND d.n > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "cdp_sources_name_key" ON "cdp_sources" USING btree ("tenant_id",lower("name")) WHERE not "cdp_sources"."is_deleted";

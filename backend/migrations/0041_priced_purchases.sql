ALTER TABLE "cdp_event_rollups_hourly" ADD COLUMN "priced_purchases" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Rollups written before purchases were told apart: every purchase then counted as priced, as the average order
-- value read them until now.
UPDATE "cdp_event_rollups_hourly" SET "priced_purchases" = "purchases" WHERE "purchases" <> 0;

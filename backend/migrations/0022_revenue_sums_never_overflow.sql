ALTER TABLE "cdp_profiles" ALTER COLUMN "total_revenue" SET DATA TYPE numeric(30, 2);--> statement-breakpoint
ALTER TABLE "cdp_profiles" ALTER COLUMN "total_revenue" SET DEFAULT '0';--> statement-breakpoint
ALTER TABLE "cdp_event_rollups_hourly" ALTER COLUMN "revenue" SET DATA TYPE numeric(30, 2);
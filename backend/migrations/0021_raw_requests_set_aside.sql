ALTER TABLE "cdp_raw_events" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "failure" varchar(200);
-- Queue rows become whole requests. Events already queued (one mapped CDP event per row) are kept as one-event
-- `cdp` rows, so nothing acknowledged before the upgrade is lost.
ALTER TABLE "cdp_raw_events" ALTER COLUMN "event" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "format" varchar(16);--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "payload" text;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "message_count" integer;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "forced_type" varchar(16);--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ADD COLUMN "request_ip" varchar(64);--> statement-breakpoint
UPDATE "cdp_raw_events" SET "format" = 'cdp', "payload" = jsonb_build_array("event")::text, "message_count" = 1;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ALTER COLUMN "format" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ALTER COLUMN "payload" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cdp_raw_events" ALTER COLUMN "message_count" SET NOT NULL;

CREATE TYPE "public"."cdp_import_status" AS ENUM('queued', 'running', 'completed', 'failed', 'duplicate');--> statement-breakpoint
CREATE TABLE "cdp_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source_id" uuid,
	"kind" varchar(20) NOT NULL,
	"format" varchar(10) NOT NULL,
	"filename" varchar(255) NOT NULL,
	"file_sha256" varchar(64) NOT NULL,
	"file_path" text NOT NULL,
	"file_bytes" bigint NOT NULL,
	"mapping" jsonb,
	"status" "cdp_import_status" DEFAULT 'queued' NOT NULL,
	"bytes_processed" bigint DEFAULT 0 NOT NULL,
	"rows_processed" integer DEFAULT 0 NOT NULL,
	"rows_ok" integer DEFAULT 0 NOT NULL,
	"rows_failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duplicate_of" uuid,
	"failure_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cdp_imports" ADD CONSTRAINT "cdp_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdp_imports_tenant_idx" ON "cdp_imports" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "cdp_imports_status_idx" ON "cdp_imports" USING btree ("status","created_at");
CREATE TYPE "public"."cdp_source_type" AS ENUM('website', 'server', 'sgtm', 'import', 'crm');--> statement-breakpoint
CREATE TYPE "public"."cdp_lifecycle_stage" AS ENUM('anonymous', 'known', 'customer', 'churned');--> statement-breakpoint
CREATE TYPE "public"."cdp_merge_reason" AS ENUM('identifier', 'manual');--> statement-breakpoint
CREATE TYPE "public"."cdp_consent_type" AS ENUM('analytics', 'ads', 'email', 'sms', 'all');--> statement-breakpoint
CREATE TABLE "cdp_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" varchar(255) NOT NULL,
	"source_type" "cdp_source_type" NOT NULL,
	"key_hash" varchar(64) NOT NULL,
	"key_prefix" varchar(16) NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"event_count" bigint DEFAULT 0 NOT NULL,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"is_deleted" boolean DEFAULT false NOT NULL,
	CONSTRAINT "cdp_sources_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "cdp_identity_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"event_id" uuid,
	"profile_ids" jsonb NOT NULL,
	"identifier_type" varchar(40) NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_identity_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"from_identifier_id" uuid NOT NULL,
	"to_identifier_id" uuid NOT NULL,
	"link_type" varchar(20) NOT NULL,
	"evidence_event_id" uuid,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_profile_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"origin_profile_id" uuid NOT NULL,
	"identifier_type" varchar(40) NOT NULL,
	"value_encrypted" text NOT NULL,
	"lookup_hash" varchar(64) NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"confidence_score" real DEFAULT 1 NOT NULL,
	"verified_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_profile_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"reason" "cdp_merge_reason" NOT NULL,
	"identifier_type" varchar(40),
	"evidence_event_id" uuid,
	"merged_by" uuid,
	"survivor_snapshot" jsonb NOT NULL,
	"merged_snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid
);
--> statement-breakpoint
CREATE TABLE "cdp_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"external_id" varchar(512),
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"profile_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"computed_traits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lifecycle_stage" "cdp_lifecycle_stage" DEFAULT 'anonymous' NOT NULL,
	"total_events" integer DEFAULT 0 NOT NULL,
	"total_sessions" integer DEFAULT 0 NOT NULL,
	"total_purchases" integer DEFAULT 0 NOT NULL,
	"total_revenue" numeric(18, 2) DEFAULT '0' NOT NULL,
	"identity_strength" smallint DEFAULT 0 NOT NULL,
	"canonical_identifier_id" uuid,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_suppressions" (
	"tenant_id" uuid NOT NULL,
	"lookup_hash" varchar(64) NOT NULL,
	"reason" varchar(40) DEFAULT 'erasure' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_event_keys" (
	"tenant_id" uuid NOT NULL,
	"idempotency_key" varchar(128) NOT NULL,
	"event_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cdp_event_keys_tenant_id_idempotency_key_pk" PRIMARY KEY("tenant_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "cdp_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"origin_profile_id" uuid NOT NULL,
	"source_id" uuid,
	"event_name" varchar(255) NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"idempotency_key" varchar(128),
	"properties" jsonb NOT NULL,
	"context" jsonb NOT NULL,
	"identifiers" jsonb NOT NULL,
	"emq_score" smallint NOT NULL,
	"status" varchar(20) DEFAULT 'processed' NOT NULL,
	"processing_errors" jsonb
);
--> statement-breakpoint
CREATE TABLE "cdp_rate_windows" (
	"tenant_id" uuid NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cdp_rate_windows_tenant_id_window_start_pk" PRIMARY KEY("tenant_id","window_start")
);
--> statement-breakpoint
CREATE TABLE "cdp_consent_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"origin_profile_id" uuid NOT NULL,
	"consent_type" "cdp_consent_type" NOT NULL,
	"granted" boolean NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"source" varchar(100),
	"ip" varchar(64),
	"user_agent" text,
	"consent_text" text,
	"consent_version" varchar(50),
	"event_id" uuid,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cdp_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"consent_type" "cdp_consent_type" NOT NULL,
	"granted" boolean NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"granted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"source" varchar(100),
	"consent_version" varchar(50),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cdp_sources" ADD CONSTRAINT "cdp_sources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_identity_conflicts" ADD CONSTRAINT "cdp_identity_conflicts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_identity_links" ADD CONSTRAINT "cdp_identity_links_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_identity_links" ADD CONSTRAINT "cdp_identity_links_from_identifier_id_cdp_profile_identifiers_id_fk" FOREIGN KEY ("from_identifier_id") REFERENCES "public"."cdp_profile_identifiers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_identity_links" ADD CONSTRAINT "cdp_identity_links_to_identifier_id_cdp_profile_identifiers_id_fk" FOREIGN KEY ("to_identifier_id") REFERENCES "public"."cdp_profile_identifiers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_identifiers" ADD CONSTRAINT "cdp_profile_identifiers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_identifiers" ADD CONSTRAINT "cdp_profile_identifiers_profile_id_cdp_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_merges" ADD CONSTRAINT "cdp_profile_merges_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_merges" ADD CONSTRAINT "cdp_profile_merges_survivor_id_cdp_profiles_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_merges" ADD CONSTRAINT "cdp_profile_merges_merged_id_cdp_profiles_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profile_merges" ADD CONSTRAINT "cdp_profile_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profiles" ADD CONSTRAINT "cdp_profiles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_profiles" ADD CONSTRAINT "cdp_profiles_merged_into_id_cdp_profiles_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_suppressions" ADD CONSTRAINT "cdp_suppressions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_event_keys" ADD CONSTRAINT "cdp_event_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_events" ADD CONSTRAINT "cdp_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_events" ADD CONSTRAINT "cdp_events_profile_id_cdp_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_events" ADD CONSTRAINT "cdp_events_source_id_cdp_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."cdp_sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_rate_windows" ADD CONSTRAINT "cdp_rate_windows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_consent_history" ADD CONSTRAINT "cdp_consent_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_consent_history" ADD CONSTRAINT "cdp_consent_history_profile_id_cdp_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_consents" ADD CONSTRAINT "cdp_consents_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_consents" ADD CONSTRAINT "cdp_consents_profile_id_cdp_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cdp_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cdp_sources_tenant_idx" ON "cdp_sources" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "cdp_conflicts_tenant_idx" ON "cdp_identity_conflicts" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cdp_links_pair_key" ON "cdp_identity_links" USING btree ("tenant_id","from_identifier_id","to_identifier_id");--> statement-breakpoint
CREATE INDEX "cdp_links_to_idx" ON "cdp_identity_links" USING btree ("to_identifier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cdp_identifiers_lookup_key" ON "cdp_profile_identifiers" USING btree ("tenant_id","lookup_hash");--> statement-breakpoint
CREATE INDEX "cdp_identifiers_profile_idx" ON "cdp_profile_identifiers" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "cdp_merges_survivor_idx" ON "cdp_profile_merges" USING btree ("tenant_id","survivor_id");--> statement-breakpoint
CREATE INDEX "cdp_merges_merged_idx" ON "cdp_profile_merges" USING btree ("tenant_id","merged_id");--> statement-breakpoint
CREATE INDEX "cdp_profiles_tenant_live_idx" ON "cdp_profiles" USING btree ("tenant_id","last_seen_at") WHERE "cdp_profiles"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "cdp_profiles_tenant_stage_idx" ON "cdp_profiles" USING btree ("tenant_id","lifecycle_stage");--> statement-breakpoint
CREATE INDEX "cdp_profiles_merged_into_idx" ON "cdp_profiles" USING btree ("merged_into_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cdp_suppressions_key" ON "cdp_suppressions" USING btree ("tenant_id","lookup_hash");--> statement-breakpoint
CREATE INDEX "cdp_event_keys_age_idx" ON "cdp_event_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "cdp_events_profile_time_idx" ON "cdp_events" USING btree ("tenant_id","profile_id","event_time");--> statement-breakpoint
CREATE INDEX "cdp_events_tenant_time_idx" ON "cdp_events" USING btree ("tenant_id","event_time");--> statement-breakpoint
CREATE INDEX "cdp_events_tenant_received_idx" ON "cdp_events" USING btree ("tenant_id","received_at");--> statement-breakpoint
CREATE INDEX "cdp_consent_history_profile_idx" ON "cdp_consent_history" USING btree ("tenant_id","profile_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cdp_consents_profile_type_key" ON "cdp_consents" USING btree ("tenant_id","profile_id","consent_type");
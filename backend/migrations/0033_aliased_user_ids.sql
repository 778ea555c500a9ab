CREATE TABLE "cdp_aliased_user_ids" (
	"tenant_id" uuid NOT NULL,
	"user_id_hash" varchar(64) NOT NULL,
	"anonymous_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cdp_aliased_user_ids_tenant_id_user_id_hash_pk" PRIMARY KEY("tenant_id","user_id_hash")
);
--> statement-breakpoint
ALTER TABLE "cdp_aliased_user_ids" ADD CONSTRAINT "cdp_aliased_user_ids_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT stratum_enable_tenant_rls('cdp_aliased_user_ids');

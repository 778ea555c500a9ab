CREATE TABLE "cdp_import_chunks" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "cdp_import_chunks_tenant_id_import_id_seq_pk" PRIMARY KEY("tenant_id","import_id","seq")
);
--> statement-breakpoint
ALTER TABLE "cdp_imports" ALTER COLUMN "file_path" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cdp_import_chunks" ADD CONSTRAINT "cdp_import_chunks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cdp_import_chunks" ADD CONSTRAINT "cdp_import_chunks_import_id_cdp_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."cdp_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The pieces are deleted once the import finishes: compressing them would only cost the upload time.
ALTER TABLE "cdp_import_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;--> statement-breakpoint
SELECT stratum_enable_tenant_rls('cdp_import_chunks');

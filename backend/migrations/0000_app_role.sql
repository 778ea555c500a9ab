-- The role every tenant-scoped transaction switches to (SET LOCAL ROLE), so row-level security applies even when
-- the connection itself is a superuser or the table owner. Roles are cluster-wide: create it only once, and
-- tolerate a parallel migration of another database creating it at the same moment.
DO $$
BEGIN
  CREATE ROLE stratum_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT stratum_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO stratum_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO stratum_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO stratum_app;

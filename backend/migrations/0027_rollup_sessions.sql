ALTER TABLE "cdp_event_rollups_hourly" ADD COLUMN "sessions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The sessions of the events already held, by ingestion's rule (a profile's event more than 30 minutes after its
-- previous one begins a session). Rows of events since erased or expired keep 0: those events are not here to count.
UPDATE "cdp_event_rollups_hourly" r SET "sessions" = s.sessions
FROM (
  SELECT tenant_id, date_trunc('hour', event_time, 'UTC') AS hour, event_name,
         coalesce(source_id, '00000000-0000-0000-0000-000000000000'::uuid) AS source_id,
         count(*) FILTER (WHERE starts)::int AS sessions
  FROM (
    SELECT tenant_id, event_time, event_name, source_id,
           coalesce(event_time - lag(event_time) OVER (PARTITION BY tenant_id, profile_id ORDER BY event_time) > interval '30 minutes', true) AS starts
    FROM cdp_events
  ) e
  GROUP BY 1, 2, 3, 4
) s
WHERE r.tenant_id = s.tenant_id AND r.hour = s.hour AND r.event_name = s.event_name AND r.source_id = s.source_id;

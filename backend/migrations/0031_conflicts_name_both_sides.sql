-- Conflicts recorded before this named only the profiles an event was kept apart from; the profile it landed on
-- (where the event now is, merges having moved it) comes first from now on, so each side lists the conflict.
UPDATE cdp_identity_conflicts c
SET profile_ids = jsonb_build_array(e.profile_id::text) || c.profile_ids
FROM cdp_events e
WHERE e.tenant_id = c.tenant_id AND e.id = c.event_id AND NOT c.profile_ids @> jsonb_build_array(e.profile_id::text);

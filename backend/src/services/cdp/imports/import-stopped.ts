/**
 * The import stops before the end of its file, for a reason the tenant can act on (`message`, shown as the import's
 * failure reason: a broken compressed file, one inflating past the limit, a source deactivated meanwhile). The rows
 * counted before are kept.
 */
export class ImportStopped extends Error {}

package com.paubox.tracking.ingest.pipeline;

/**
 * What became of a request's events (for the metrics and tests; the HTTP answer is 204 for all of them).
 * {@code identityDropped}: dropped in require mode because no valid assertion vouched for their identity.
 */
public record IngestResult(int received, int bots, int rateLimited, int identityDropped, int stored, int duplicates) {
}

package io.accelconn.audit;

/**
 * The answer of {@link AuditStore#claim}: whether this worker owns the (event, NIC).
 *
 * @param acquired          this worker must do the work, then {@link AuditStore#complete} or {@link AuditStore#release}
 * @param inProgress        another worker holds an unexpired claim (concurrent delivery): answer so the event is redelivered later
 * @param existing          the completed record, when the event was already handled (duplicate delivery); null otherwise
 * @param partitionKey      internal: the audit entity's PartitionKey
 * @param rowKey            internal: the audit entity's RowKey
 * @param etag              internal: the entity version this claim holds
 * @param claimId           internal: this claim's identity, so a write the SDK retried is recognised as our own
 * @param intent            the write an earlier holder had under way (recorded before its PUT), null when none
 * @param transientFailures how many earlier deliveries of this (event, NIC) gave up on a transient failure
 */
public record Claim(boolean acquired, boolean inProgress, AuditRecord existing,
        String partitionKey, String rowKey, String etag, String claimId, Intent intent, int transientFailures) {

    /** A claim without an identity (fakes in tests). */
    public Claim(boolean acquired, boolean inProgress, AuditRecord existing, String partitionKey, String rowKey, String etag) {
        this(acquired, inProgress, existing, partitionKey, rowKey, etag, null, null, 0);
    }

    /** A claim without an intent or earlier failures. */
    public Claim(boolean acquired, boolean inProgress, AuditRecord existing, String partitionKey, String rowKey, String etag,
            String claimId) {
        this(acquired, inProgress, existing, partitionKey, rowKey, etag, claimId, null, 0);
    }

    static Claim owned(AuditKey key, String etag, String claimId, Intent intent, int transientFailures) {
        return new Claim(true, false, null, key.partitionKey(), key.rowKey(), etag, claimId, intent, transientFailures);
    }

    static Claim completed(AuditKey key, AuditRecord existing, String etag) {
        return new Claim(false, false, existing, key.partitionKey(), key.rowKey(), etag, null, null, 0);
    }

    static Claim heldElsewhere(AuditKey key, String etag) {
        return new Claim(false, true, null, key.partitionKey(), key.rowKey(), etag, null, null, 0);
    }

    /** The same claim at a new entity version, carrying {@code intent}. */
    Claim with(String newEtag, Intent newIntent) {
        return new Claim(acquired, inProgress, existing, partitionKey, rowKey, newEtag, claimId, newIntent, transientFailures);
    }
}

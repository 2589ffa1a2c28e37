package io.accelconn.audit;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The audit table: one record per (event, NIC), and that record is also the idempotency claim,
 * which carries the intent of a NIC write before it is sent.
 * <p>
 * Event Grid delivers at least once and may deliver one event to two workers at once. The first
 * to create the entity owns the work; everyone else finds either the finished record (a
 * duplicate) or a live claim (concurrent delivery). Every later write is conditional on the
 * entity's ETag, so a worker whose claim expired and was taken over cannot overwrite the new
 * owner. Calls block: use worker threads.
 */
@ApplicationScoped
public class AuditStore {

    private static final Logger LOG = Logger.getLogger(AuditStore.class);
    /** Create, read, take over: each round loses only to another worker's write, so a few rounds settle it. */
    private static final int MAX_CLAIM_ROUNDS = 5;

    private static final Comparator<Row> NEWEST_FIRST = Comparator
            .comparing((Row r) -> r.record().decidedAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Row::partitionKey)
            .thenComparing(Row::rowKey)
            .reversed();

    private final Supplier<TableClient> table;
    private final Clock clock;
    private final Counter records;
    private final Counter duplicates;
    private final Counter takenOver;
    private final Counter transactions;

    @Inject
    AuditStore(TableClients tables, MeterRegistry registry) {
        // Resolved per call (TableClients keeps it): no storage I/O before the first audit call.
        this(tables::auditTable, registry, Clock.systemUTC());
    }

    /** Over a table that already exists. */
    public AuditStore(TableClient table, MeterRegistry registry, Clock clock) {
        this(() -> table, registry, clock);
    }

    private AuditStore(Supplier<TableClient> table, MeterRegistry registry, Clock clock) {
        this.table = table;
        this.clock = clock;
        this.records = Counter.builder("accelconn.audit.records")
                .description("Audit records written (completed claims and sweep records)").register(registry);
        this.duplicates = Counter.builder("accelconn.audit.duplicates")
                .description("Claims that found the (event, NIC) already completed: duplicate deliveries").register(registry);
        this.takenOver = Counter.builder("accelconn.audit.takeovers")
                .description("Expired claims of another worker taken over").register(registry);
        this.transactions = Counter.builder("accelconn.audit.transactions")
                .description("Table transactions submitted by recordAll").register(registry);
    }

    /**
     * Tries to own (eventId, nicId). Returns Claim.acquired() true when this caller must do the
     * work; false with the existing record when it was already completed (duplicate delivery), or
     * when another worker holds an unexpired claim (concurrent delivery: claim.inProgress() true).
     * An expired claim (older than {@code lease}) or a released one is taken over with an
     * ETag-conditional merge, so a crashed worker does not block Event Grid's retries forever, and
     * the new owner inherits the intent and the count of transient failures the entity carries.
     *
     * @throws InvalidAuditInputException on a malformed subscription id or a missing event or NIC id
     */
    public Claim claim(String subscriptionId, String eventId, String nicId, Duration lease) {
        AuditKey key = AuditKeys.of(subscriptionId, eventId, nicId);
        if (lease == null || lease.isNegative()) {
            throw new IllegalArgumentException("lease must be zero or more, was " + lease);
        }
        String claimId = UUID.randomUUID().toString();
        String etag = null;
        for (int round = 0; round < MAX_CLAIM_ROUNDS; round++) {
            TableEntity claim = AuditEntities.claimed(key, subscriptionId, eventId, nicId, claimId, clock.instant());
            try {
                Response<Void> created = table.get().createEntityWithResponse(claim, null, Context.NONE);
                return Claim.owned(key, etagOf(created, key, claimId), claimId, null, 0);
            } catch (TableServiceException e) {
                TableCalls.requireStatus(e, 409);
            }
            TableEntity existing = read(key);
            if (existing == null) {
                continue; // deleted between our create and our read: try to create again
            }
            etag = existing.getETag();
            Intent intent = AuditEntities.intent(existing);
            int failures = AuditEntities.transientFailures(existing);
            if (claimId.equals(AuditEntities.claimId(existing))) {
                // The SDK retried a create (or takeover) whose first answer was lost: it is ours.
                return Claim.owned(key, etag, claimId, intent, failures);
            }
            String state = AuditEntities.state(existing);
            if (AuditEntities.DONE.equals(state)) {
                duplicates.increment();
                return Claim.completed(key, AuditEntities.toRecord(existing), etag);
            }
            Instant claimedAt = AuditEntities.claimedAt(existing);
            if (!AuditEntities.RELEASED.equals(state) && claimedAt != null && claimedAt.plus(lease).isAfter(clock.instant())) {
                return Claim.heldElsewhere(key, etag);
            }
            // Released, or expired: take it over, but only the very version we judged, keeping its intent.
            claim.addProperty(AuditEntities.ODATA_ETAG, etag);
            try {
                Response<Void> updated = table.get().updateEntityWithResponse(claim, TableEntityUpdateMode.MERGE, true,
                        null, Context.NONE);
                if (!AuditEntities.RELEASED.equals(state)) {
                    takenOver.increment();
                    LOG.debugf("took over the expired audit claim %s/%s (claimed at %s)", key.partitionKey(), key.rowKey(),
                            claimedAt);
                }
                return Claim.owned(key, etagOf(updated, key, claimId), claimId, intent, failures);
            } catch (TableServiceException e) {
                TableCalls.requireStatus(e, 412, 404); // another worker moved first: judge again
            }
        }
        // Only under sustained churn on one key; the delivery is retried later, like any live claim.
        return Claim.heldElsewhere(key, etag);
    }

    /**
     * Records on the claim, before the NIC is written, what the write will set and what the NIC
     * was (ETag-conditional; it also renews the claim's lease). Returns the claim at its new version.
     *
     * @throws ClaimLostException another worker took the claim over
     */
    public Claim recordIntent(Claim claim, Intent intent) {
        Objects.requireNonNull(intent, "intent");
        AuditKey key = owned(claim);
        TableEntity entity = AuditEntities.withIntent(new TableEntity(key.partitionKey(), key.rowKey()), intent)
                .addProperty(AuditEntities.CLAIMED_AT, AuditEntities.dateTime(clock.instant()))
                .addProperty(AuditEntities.ODATA_ETAG, claim.etag());
        try {
            Response<Void> updated = table.get().updateEntityWithResponse(entity, TableEntityUpdateMode.MERGE, true, null,
                    Context.NONE);
            return claim.with(etagOf(updated, key, claim.claimId()), intent);
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
            throw new ClaimLostException(key.partitionKey(), key.rowKey());
        }
    }

    /**
     * Writes the final record onto the claimed entity (ETag-conditional; a lost claim throws
     * ClaimLostException).
     *
     * @throws IllegalArgumentException when the record is for another (subscription, event, NIC) than the claim
     * @throws IllegalStateException    when the claim was not acquired
     */
    public void complete(Claim claim, AuditRecord record) {
        Objects.requireNonNull(record, "record");
        AuditKey key = owned(claim);
        if (!key.equals(AuditKeys.of(record.subscriptionId(), record.eventId(), record.nicId()))) {
            throw new IllegalArgumentException("the record is for another (subscription, event, NIC) than the claim "
                    + key.partitionKey() + "/" + key.rowKey());
        }
        TableEntity done = AuditEntities.done(key, record, claim.claimId(), clock.instant())
                .addProperty(AuditEntities.ODATA_ETAG, claim.etag());
        try {
            table.get().updateEntityWithResponse(done, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
            TableEntity current = read(key);
            boolean oursLanded = current != null && claim.claimId() != null
                    && claim.claimId().equals(AuditEntities.claimId(current))
                    && AuditEntities.DONE.equals(AuditEntities.state(current));
            if (!oursLanded) { // else: the SDK retried our write after its first answer was lost
                throw new ClaimLostException(key.partitionKey(), key.rowKey());
            }
        }
        records.increment();
    }

    /**
     * Gives the claim up so a redelivery can take it over at once. The entity is kept, marked
     * released, with its intent and, when {@code failure}, one more transient failure counted
     * ({@code lastError} says what happened). A claim that was already taken over, or completed,
     * is left alone: only the version this claim holds is changed.
     *
     * @param failure whether this counts as a transient failure of the (event, NIC); not when the
     *                work only waits for someone else (a VM restart in progress)
     */
    public void release(Claim claim, String lastError, boolean failure) {
        AuditKey key = owned(claim);
        TableEntity entity = new TableEntity(key.partitionKey(), key.rowKey())
                .addProperty(AuditEntities.STATE, AuditEntities.RELEASED)
                .addProperty(AuditEntities.TRANSIENT_FAILURES, claim.transientFailures() + (failure ? 1 : 0))
                .addProperty(AuditEntities.ODATA_ETAG, claim.etag());
        AuditEntities.put(entity, AuditEntities.LAST_ERROR, lastError, TableText.SHORT);
        try {
            table.get().updateEntityWithResponse(entity, TableEntityUpdateMode.MERGE, true, null, Context.NONE);
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
            LOG.debugf("audit claim %s/%s was no longer held at release", key.partitionKey(), key.rowKey());
        }
    }

    /** {@link #release(Claim, String, boolean)} after a transient failure, without a note of it. */
    public void release(Claim claim) {
        release(claim, null, true);
    }

    /**
     * Completed records matching the query, newest first (by decidedAt), at most
     * {@code q.limit()}. The service returns key order, so every match is read and the newest are
     * kept; a subscription bounds the scan to one partition.
     */
    public List<AuditRecord> query(AuditQuery q) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(AuditFilter.of(q));
        // Oldest on top, so the heap holds the newest `limit` rows however many pages go by.
        PriorityQueue<Row> newest = new PriorityQueue<>(q.limit() + 1, NEWEST_FIRST.reversed());
        for (TableEntity e : table.get().listEntities(options, null, Context.NONE)) {
            newest.add(new Row(AuditEntities.toRecord(e), e.getPartitionKey(), e.getRowKey()));
            if (newest.size() > q.limit()) {
                newest.poll();
            }
        }
        List<Row> rows = new ArrayList<>(newest);
        rows.sort(NEWEST_FIRST);
        return rows.stream().map(Row::record).toList();
    }

    /**
     * Upserts records without claims (sweeps): Table transactions grouped by PartitionKey, at
     * most 100 entities and under 4 MiB each. Every record is validated before the first write.
     * A failure leaves earlier transactions written; running the same call again is safe, as
     * upserts with deterministic keys are idempotent.
     */
    public void recordAll(List<AuditRecord> records) {
        Instant now = clock.instant();
        List<TableEntity> entities = new ArrayList<>(records.size());
        for (AuditRecord r : records) {
            entities.add(AuditEntities.done(AuditKeys.of(r.subscriptionId(), r.eventId(), r.nicId()), r, null, now));
        }
        for (List<TableEntity> batch : TransactionBatches.plan(entities)) {
            List<TableTransactionAction> actions = batch.stream()
                    .map(e -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e))
                    .toList();
            table.get().submitTransaction(actions);
            transactions.increment();
            this.records.increment(batch.size());
        }
    }

    private TableEntity read(AuditKey key) {
        return TableCalls.find(table.get(), key.partitionKey(), key.rowKey());
    }

    /** The new version from the ETag header; if a proxy dropped it, read it back, checking it is still ours. */
    private String etagOf(Response<Void> response, AuditKey key, String claimId) {
        String etag = response.getHeaders().getValue(HttpHeaderName.ETAG);
        if (etag != null) {
            return repairedWeakEtag(etag);
        }
        TableEntity current = read(key);
        if (current == null || !claimId.equals(AuditEntities.claimId(current))) {
            throw new ClaimLostException(key.partitionKey(), key.rowKey());
        }
        return current.getETag();
    }

    /**
     * azure-data-tables 12.5 (its TableScrubEtagPolicy) cuts the closing quote off a weak ETag
     * header, {@code W/"datetime'...'"} becoming {@code W/"datetime'...'}, which the service then
     * refuses as If-Match (400). Entity bodies carry the ETag intact; a header's is put back.
     */
    static String repairedWeakEtag(String etag) {
        return etag.startsWith("W/\"") && !etag.endsWith("\"") ? etag + "\"" : etag;
    }

    private static AuditKey owned(Claim claim) {
        Objects.requireNonNull(claim, "claim");
        if (!claim.acquired() || claim.etag() == null) {
            throw new IllegalStateException("only an acquired claim can be completed or released");
        }
        return new AuditKey(claim.partitionKey(), claim.rowKey());
    }

    private record Row(AuditRecord record, String partitionKey, String rowKey) {
    }
}

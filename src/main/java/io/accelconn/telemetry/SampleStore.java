package io.accelconn.telemetry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;

import io.accelconn.audit.TransactionBatches;
import io.accelconn.azure.ResourceId;
import io.accelconn.storage.StorageConfig;
import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
import io.accelconn.storage.TransactionEtags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The telemetry table: samples in one partition per resource and UTC day (see {@link SampleKeys}),
 * written in Table transactions of one partition each.
 * <p>
 * Every transaction also updates the partition's summary row, atomically with its samples and on
 * the row's ETag: the row's {@link DayDigest} always sums up exactly the samples stored, without a
 * report having read them. Samples are created, not upserted, so a sample sent again is found
 * (409) rather than counted twice. A sample replaced by other values leaves the row marked dirty;
 * a report that summed the partition up stores it again, only if the row is unchanged since it
 * looked (If-Match). Before any sample, the day's index row for the resource is written (see
 * {@link DayIndex}, which also keeps a copy of the summary), so fleet reports and retention find
 * every partition that holds samples; the index lives in the watermark table, beside the other
 * small rows of telemetry, so listing a day's resources never passes over samples. Calls block:
 * use worker threads.
 */
@ApplicationScoped
public class SampleStore {

    private static final Logger LOG = Logger.getLogger(SampleStore.class);

    /** Samples per transaction: one place is the summary row's. */
    static final int SAMPLES_PER_TRANSACTION = TransactionBatches.MAX_ENTITIES - 1;
    static final String DIRTY = "dirty";
    static final String DIGEST = "digest";
    static final String DIGEST_SAMPLES = "samples";
    static final String SEQ = DayIndex.SEQ;
    /** A transaction meeting another write of its partition (412) or its own earlier commit (409) is tried again this often. */
    private static final int MAX_CONFLICTS = 20;
    /** A binary property holds 64 KiB; a digest that does not fit is simply not stored. */
    static final int MAX_DIGEST_BYTES = 64 * 1024;
    private static final String ODATA_ETAG = "odata.etag";

    private final Supplier<TableClient> table;
    private final Supplier<TableAsyncClient> asyncTable;
    private final Supplier<TableClient> indexTable;
    private final DayIndex dayIndex;
    private final int concurrency;
    private final int readConcurrency;
    private final MeterRegistry registry;
    private final Timer transactionTimer;
    private final Counter failedTransactions;
    private final Counter summaryReads;
    private final Counter summaryConflicts;
    private final Map<String, Counter> written = new HashMap<>();

    private final Function<ResourceId, Instant> enabledAt;

    @Inject
    SampleStore(TableClients tables, StorageConfig storage, TelemetryConfig config, MeterRegistry registry,
            EnablementTimes enablement) {
        this(tables, storage.telemetryTable(), storage.watermarkTable(), config.writeConcurrency(), config.readConcurrency(),
                registry, enablement::enabledAt);
    }

    /** Without enabling times: summaries are split at enabling only by the reports that need it. */
    public SampleStore(TableClients tables, String tableName, String indexTableName, int concurrency, int readConcurrency,
            MeterRegistry registry) {
        this(tables, tableName, indexTableName, concurrency, readConcurrency, registry, r -> null);
    }

    /**
     * Over the tables of {@code tables}; nothing is sent before the first call.
     *
     * @param tableName       the samples and their summary rows
     * @param indexTableName  the day index: a table of its own kind of rows, kept small so listing a
     *                        day never passes over samples (the watermark table)
     * @param concurrency     partitions written at once (their transactions in flight)
     * @param readConcurrency summary rows read at once
     * @param enabledAt       when a resource was enabled (null: not known), to split its day's summary there
     */
    public SampleStore(TableClients tables, String tableName, String indexTableName, int concurrency, int readConcurrency,
            MeterRegistry registry, Function<ResourceId, Instant> enabledAt) {
        if (concurrency < 1 || readConcurrency < 1) {
            throw new IllegalArgumentException("accelconn.telemetry.write-concurrency and read-concurrency must be at least 1");
        }
        this.readConcurrency = readConcurrency;
        this.table = () -> tables.table(tableName);
        this.asyncTable = () -> tables.asyncTable(tableName);
        this.indexTable = () -> tables.table(indexTableName);
        this.dayIndex = new DayIndex(() -> tables.asyncTable(indexTableName));
        this.concurrency = concurrency;
        this.enabledAt = enabledAt;
        this.registry = registry;
        this.transactionTimer = Timer.builder("accelconn.telemetry.transactions")
                .description("Committed Table transactions of CPS samples")
                .publishPercentileHistogram()
                .register(registry);
        this.failedTransactions = Counter.builder("accelconn.telemetry.transactions.failed")
                .description("Table transactions of CPS samples that failed after the SDK's retries")
                .register(registry);
        this.summaryReads = summaryReads(registry, "unknown");
        this.summaryConflicts = summaryReads(registry, "conflict");
    }

    /**
     * Summary rows a write read before its transaction: a partition it did not create and whose row
     * it had not written itself yet ({@code unknown}), or after another write went first ({@code conflict}).
     */
    private static Counter summaryReads(MeterRegistry registry, String reason) {
        return Counter.builder("accelconn.telemetry.summary.reads")
                .description("Partition summary rows read by writes before a transaction, by why")
                .tag("reason", reason)
                .register(registry);
    }

    /**
     * Writes {@code samples} and says which were committed. Each partition's transactions go one
     * after the other (each one moves the partition's summary row on); up to
     * {@code write-concurrency} partitions are written at once (on the event loop, no thread
     * each). After the first transaction that fails (after the SDK's retries) no new one starts, as
     * they would meet the same storage, and the ones in flight are waited for so the answer is exact.
     */
    public WriteReport write(List<CpsSample> samples) {
        List<TableEntity> entities = new ArrayList<>(samples.size());
        Map<String, List<Integer>> indexesByKey = new HashMap<>();
        Map<String, Day> days = new LinkedHashMap<>();
        Map<ResourceId, String> resourceKeys = new HashMap<>(); // a hash per resource, not per sample
        for (int i = 0; i < samples.size(); i++) {
            CpsSample s = samples.get(i);
            String resourceKey = resourceKeys.computeIfAbsent(s.resource(), r -> SampleKeys.resourceKey(r.toString()));
            TableEntity e = SampleEntities.toEntity(s, resourceKey);
            entities.add(e);
            indexesByKey.computeIfAbsent(e.getPartitionKey() + '\n' + e.getRowKey(), k -> new ArrayList<>()).add(i);
            days.computeIfAbsent(e.getPartitionKey(), pk -> day(s, resourceKey));
        }
        Map<String, List<List<TableEntity>>> byPartition = new LinkedHashMap<>();
        for (List<TableEntity> batch : TransactionBatches.plan(entities, SAMPLES_PER_TRANSACTION)) {
            byPartition.computeIfAbsent(batch.get(0).getPartitionKey(), pk -> new ArrayList<>()).add(batch);
        }
        Map<String, DaySummary> summaries;
        try {
            // Counted in before any sample. A partition whose index row this created is new to its
            // day: it has no summary row to read (were one there after all, its create fails and
            // the row is read then).
            Set<String> fresh = new HashSet<>();
            Flux.fromIterable(byDay(days.values(), d -> d.resourceId()).entrySet())
                    .flatMap(d -> dayIndex.started(d.getKey(), d.getValue())
                            .map(created -> created.stream().map(k -> SampleKeys.partitionKey(k, d.getKey())).toList()),
                            readConcurrency)
                    .doOnNext(fresh::addAll)
                    .blockLast();
            summaries = Flux.fromIterable(byPartition.keySet())
                    .flatMap(pk -> (fresh.contains(pk) ? Mono.just(DaySummary.NONE) : readSummary(pk, summaryReads))
                            .map(r -> Map.entry(pk, r)),
                            readConcurrency)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .block();
        } catch (RuntimeException e) {
            return failed(samples.size(), new TreeSet<>(), 0, e);
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<PartitionOutcome> outcomes = Flux.fromIterable(byPartition.entrySet())
                .flatMap(p -> writePartition(p.getKey(), days.get(p.getKey()).splitAt(), summaries.get(p.getKey()), p.getValue(),
                        failure), concurrency)
                .collectList()
                .block();
        TreeSet<Integer> committed = new TreeSet<>();
        Map<String, Integer> bySource = new HashMap<>();
        int transactions = 0;
        for (PartitionOutcome outcome : outcomes) {
            for (Batch b : outcome.batches()) {
                transactions += b.transactions();
                if (b.committed()) {
                    for (TableEntity e : b.entities()) {
                        committed.addAll(indexesByKey.get(e.getPartitionKey() + '\n' + e.getRowKey()));
                        bySource.merge(e.getProperty(SampleEntities.SOURCE).toString(), 1, Integer::sum);
                    }
                }
            }
        }
        bySource.forEach((source, n) -> counted(source).increment(n)); // the meters' lock once per source, not per sample
        finish(outcomes, days);
        if (failure.get() != null) {
            return failed(samples.size(), committed, transactions, failure.get());
        }
        return new WriteReport(samples.size(), List.copyOf(committed), List.of(), transactions, null, false);
    }

    /**
     * Counts each partition's write out of the day index with the summary it committed; a
     * partition whose outcome is unknown (storage failed) stays counted in, so reports read its
     * summary row rather than trust the copy.
     */
    private void finish(List<PartitionOutcome> outcomes, Map<String, Day> days) {
        try {
            Map<String, DaySummary> summaries = new HashMap<>();
            outcomes.stream().filter(PartitionOutcome::certain).forEach(o -> summaries.put(o.partitionKey(), o.summary()));
            List<Day> counted = days.values().stream().filter(d -> summaries.containsKey(SampleKeys.partitionKey(d.resourceKey(),
                    d.day()))).toList();
            Flux.fromIterable(byDay(counted, d -> summaries.get(SampleKeys.partitionKey(d.resourceKey(), d.day()))).entrySet())
                    .flatMap(d -> dayIndex.finished(d.getKey(), d.getValue()), readConcurrency)
                    .blockLast();
        } catch (RuntimeException e) {
            LOG.warnf("CPS day index: a write could not be counted out (%s); reports read those days' summary rows",
                    e.getMessage());
        }
    }

    /**
     * A resource's UTC day that a write touches.
     *
     * @param splitAt when the resource was enabled, if on this day: where its summary splits unlabelled samples
     */
    private record Day(String day, String resourceKey, String resourceId, Instant splitAt) {
    }

    /** {@code value} of each resource, by day and resource key: the day index is changed a day at a time. */
    private static <V> Map<String, Map<String, V>> byDay(Collection<Day> days, Function<Day, V> value) {
        Map<String, Map<String, V>> byDay = new LinkedHashMap<>();
        for (Day d : days) {
            byDay.computeIfAbsent(d.day(), k -> new LinkedHashMap<>()).put(d.resourceKey(), value.apply(d));
        }
        return byDay;
    }

    private Day day(CpsSample s, String resourceKey) {
        String day = SampleKeys.day(s.timestamp());
        Instant enabled = enabledAt.apply(s.resource());
        return new Day(day, resourceKey, s.resource().toString(),
                enabled != null && SampleKeys.day(enabled).equals(day) ? enabled : null);
    }

    /**
     * @param certain every transaction's outcome is known (committed, or refused by the service)
     * @param summary the partition's summary as this write's last transaction left it (or as last
     *                read, when it committed none)
     */
    private record PartitionOutcome(String partitionKey, List<Batch> batches, boolean certain, DaySummary summary) {
    }

    /** One partition's batches in order, each transaction on the summary row the previous one left. */
    private Mono<PartitionOutcome> writePartition(String partitionKey, Instant splitAt, DaySummary read,
            List<List<TableEntity>> batches, AtomicReference<RuntimeException> failure) {
        Versions state = new Versions(read);
        AtomicBoolean certain = new AtomicBoolean(true);
        return Flux.fromIterable(batches)
                .concatMap(batch -> {
                    if (failure.get() != null) {
                        return Mono.just(new Batch(batch, false, 0)); // storage already failed: not started
                    }
                    long start = System.nanoTime();
                    return commit(partitionKey, new Pending(batch, List.of(), false, splitAt), state, 0)
                            .map(n -> {
                                transactionTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                                return new Batch(batch, true, n);
                            })
                            .onErrorResume(e -> {
                                // A refused connection arrives as a checked IOException: kept as the cause.
                                failure.compareAndSet(null, e instanceof RuntimeException r ? r : new StorageUnreachableException(e));
                                failedTransactions.increment();
                                certain.set(false);
                                return Mono.just(new Batch(batch, false, 0));
                            });
                })
                .collectList()
                .map(list -> new PartitionOutcome(partitionKey, list, certain.get(), state.known.get()));
    }

    /**
     * A partition's summary row as one write follows it.
     * {@code current}: the version to build the next transaction on (with its ETag), null when it
     * must be read first; {@code known}: the newest version this write saw, never null.
     */
    private static final class Versions {
        final AtomicReference<DaySummary> current;
        final AtomicReference<DaySummary> known;

        Versions(DaySummary read) {
            current = new AtomicReference<>(read);
            known = new AtomicReference<>(read);
        }

        void read(DaySummary s) {
            current.set(s);
            known.set(s);
        }
    }

    /**
     * Samples to create (new to the partition) and to replace (stored with other values),
     * whether a replacement changes what the summary counts, and where to split the summary if it
     * is not split yet (enabling on this day; null: not known).
     */
    record Pending(List<TableEntity> creates, List<TableEntity> replaces, boolean changesFigures, Instant splitAt) {
        boolean isEmpty() {
            return creates.isEmpty() && replaces.isEmpty();
        }
    }

    /**
     * One transaction: the samples and the partition's summary row with them added, on the
     * summary's ETag. Samples are created, not upserted: one already stored (a retried request,
     * an answer lost after the commit) fails the transaction with 409 instead of being counted
     * twice; then the stored ones are read, those stored alike are done, others replaced (their
     * summary is then recomputed by the next report). A 412 on the summary row (another write of
     * the partition went first) reads it again.
     *
     * @return transactions submitted: 0 when everything was stored already
     */
    private Mono<Integer> commit(String partitionKey, Pending pending, Versions state, int attempt) {
        if (pending.isEmpty()) {
            return Mono.just(0);
        }
        if (state.current.get() == null) {
            return readSummary(partitionKey, attempt > 0 ? summaryConflicts : summaryReads).flatMap(s -> {
                state.read(s);
                return commit(partitionKey, pending, state, attempt);
            });
        }
        DaySummary current = state.current.get();
        DaySummary next = current.plus(pending);
        List<TableTransactionAction> actions = new ArrayList<>(pending.creates().size() + pending.replaces().size() + 1);
        for (TableEntity e : pending.creates()) {
            actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, e));
        }
        for (TableEntity e : pending.replaces()) {
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
        }
        TableEntity summary = putSummary(new TableEntity(partitionKey, SampleKeys.SUMMARY_ROW), next.digest(), next.samples(),
                next.seq());
        if (current.etag() == null) {
            actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, summary));
        } else {
            summary.addProperty(ODATA_ETAG, current.etag());
            actions.add(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, summary, true));
        }
        int summaryIndex = actions.size() - 1;
        TransactionEtags.Capture etags = new TransactionEtags.Capture();
        return asyncTable.get().submitTransactionWithResponse(actions)
                .contextWrite(TransactionEtags.into(etags))
                .map(result -> {
                    String etag = etags.etag(summaryIndex);
                    if (etag == null) {
                        LOG.debugf("CPS summary row of %s: no ETag in the transaction's answer; read again", partitionKey);
                    }
                    state.known.set(next);
                    state.current.set(etag == null ? null : next.withEtag(etag)); // without one, read before the next
                    return 1;
                })
                .onErrorResume(TableTransactionFailedException.class, e -> {
                    if (attempt >= MAX_CONFLICTS || !isConflict(e)) {
                        return Mono.error(e);
                    }
                    state.current.set(null);
                    Integer failed = e.getFailedTransactionActionIndex();
                    if (failed != null && failed == summaryIndex) {
                        return commit(partitionKey, pending, state, attempt + 1);
                    }
                    return stored(partitionKey, pending).flatMap(p -> commit(partitionKey, p, state, attempt + 1));
                });
    }

    /**
     * The transaction was rolled back because a sample or the summary row exists already, or the
     * summary row changed or went: the SDK gives no status for an action of a transaction, only
     * the service's error code.
     */
    static boolean isConflict(TableTransactionFailedException e) {
        TableErrorCode code = e.getValue() == null ? null : e.getValue().getErrorCode();
        return TableErrorCode.ENTITY_ALREADY_EXISTS.equals(code) || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(code)
                || TableErrorCode.RESOURCE_NOT_FOUND.equals(code) || TableErrorCode.ENTITY_NOT_FOUND.equals(code)
                || TableCalls.status(e) == 409 || TableCalls.status(e) == 412;
    }

    /** {@code pending} less what is stored alike; what is stored with other values moves to the replacements. */
    private Mono<Pending> stored(String partitionKey, Pending pending) {
        return Flux.fromIterable(pending.creates())
                .flatMapSequential(e -> find(partitionKey, e.getRowKey()).map(found -> Map.entry(e, found)), readConcurrency)
                .collectList()
                .map(found -> {
                    List<TableEntity> creates = new ArrayList<>();
                    List<TableEntity> replaces = new ArrayList<>(pending.replaces());
                    boolean changes = pending.changesFigures();
                    for (Map.Entry<TableEntity, Optional<TableEntity>> f : found) {
                        if (f.getValue().isEmpty()) {
                            creates.add(f.getKey());
                        } else if (!SampleEntities.sameSample(f.getValue().get(), f.getKey())) {
                            replaces.add(f.getKey());
                            changes |= !SampleEntities.toStored(f.getValue().get()).equals(SampleEntities.toStored(f.getKey()));
                        }
                    }
                    return new Pending(creates, replaces, changes, pending.splitAt());
                });
    }

    /** The partition's summary row; for a partition without one, the empty summary of no samples. */
    private Mono<DaySummary> readSummary(String partitionKey, Counter reads) {
        return find(partitionKey, SampleKeys.SUMMARY_ROW)
                .doOnSubscribe(s -> reads.increment())
                .map(found -> found.map(DaySummary::of).orElse(DaySummary.NONE));
    }

    /** The entity under these keys, or empty when the table has none: {@link TableCalls#find}'s asynchronous twin. */
    private Mono<Optional<TableEntity>> find(String partitionKey, String rowKey) {
        return asyncTable.get().getEntityWithResponse(partitionKey, rowKey, null)
                .map(r -> Optional.of(r.getValue()))
                .onErrorResume(TableServiceException.class,
                        e -> TableCalls.status(e) == 404 ? Mono.just(Optional.empty()) : Mono.error(e));
    }

    /** Sets a summary's properties on {@code row}: the digest, or {@code dirty} when there is none to trust. */
    static TableEntity putSummary(TableEntity row, byte[] digest, long samples, long seq) {
        row.addProperty(SEQ, seq).addProperty(DIRTY, digest == null);
        if (digest != null) {
            row.addProperty(DIGEST, digest).addProperty(DIGEST_SAMPLES, samples);
        }
        return row;
    }

    /**
     * A partition's summary row as a writer sees it.
     *
     * @param etag   its version; null when the partition has no summary row yet
     * @param digest the encoded {@link DayDigest} of every sample stored; null when not known
     *               exactly (a sample replaced by other values, a digest too large, a row of an
     *               older version): the next report that reads the day whole stores it again
     * @param seq    raised by every change of the row
     */
    record DaySummary(String etag, byte[] digest, long samples, long seq) {

        static final DaySummary NONE = new DaySummary(null, new DayDigest().encode(), 0, 0);

        static DaySummary of(TableEntity row) {
            boolean dirty = !Boolean.FALSE.equals(row.getProperty(DIRTY));
            byte[] digest = !dirty && row.getProperty(DIGEST) instanceof byte[] b ? b : null;
            long samples = row.getProperty(DIGEST_SAMPLES) instanceof Number n ? n.longValue() : 0;
            long seq = row.getProperty(SEQ) instanceof Number n ? n.longValue() : 0;
            return new DaySummary(row.getETag(), digest, samples, seq);
        }

        /** What the row becomes when {@code pending} is committed (its ETag known only then). */
        DaySummary plus(Pending pending) {
            DayDigest d = digest == null || pending.changesFigures() ? null : DayDigest.decode(digest);
            if (d == null) {
                return new DaySummary(null, null, 0, seq + 1);
            }
            if (pending.splitAt() != null) {
                d.splitAt(pending.splitAt());
            }
            for (TableEntity e : pending.creates()) {
                d.add(SampleEntities.toStored(e));
            }
            byte[] bytes = d.encode();
            return bytes.length > MAX_DIGEST_BYTES ? new DaySummary(null, null, 0, seq + 1)
                    : new DaySummary(null, bytes, d.count(), seq + 1);
        }

        DaySummary withEtag(String newEtag) {
            return new DaySummary(newEtag, digest, samples, seq);
        }
    }

    private WriteReport failed(int received, TreeSet<Integer> committed, int transactions, RuntimeException e) {
        boolean retry = isTransient(e);
        LOG.warnf("CPS samples: %d of %d committed when storage failed (%s%s)", committed.size(), received,
                retry ? "transient: " : "", e.getMessage());
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < received; i++) {
            if (!committed.contains(i)) {
                rest.add(i);
            }
        }
        return new WriteReport(received, List.copyOf(committed), rest, transactions, e, retry);
    }

    /** @param transactions submitted for it (0: stored alike already) */
    private record Batch(List<TableEntity> entities, boolean committed, int transactions) {
    }

    /** Storage could not be reached at all (connection refused or reset): worth trying again. */
    static final class StorageUnreachableException extends RuntimeException {
        StorageUnreachableException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The summary rows of {@code partitionKeys}, read {@code read-concurrency} at a time without a
     * thread each; a partition that never received a sample has none and is left out.
     */
    Map<String, SummaryRow> summaries(Collection<String> partitionKeys) {
        Map<String, SummaryRow> rows = new HashMap<>();
        Flux.fromIterable(partitionKeys)
                .flatMap(pk -> find(pk, SampleKeys.SUMMARY_ROW), readConcurrency)
                .filter(Optional::isPresent)
                .map(found -> summaryRow(found.get()))
                .doOnNext(row -> rows.put(row.partitionKey(), row))
                .blockLast();
        return rows;
    }

    private static SummaryRow summaryRow(TableEntity e) {
        DaySummary s = DaySummary.of(e);
        return new SummaryRow(e.getPartitionKey(), s.etag(), s.digest() == null ? null : DayDigest.decode(s.digest()), s.seq());
    }

    /**
     * Stores {@code digest} as the summary of {@code resourceKey}'s partition of {@code day}, only if
     * the summary row is still the version {@code summary} names: a sample written since makes this
     * a no-op (false). The day index's copy follows.
     */
    boolean saveSummary(String resourceKey, String day, SummaryRow summary, DayDigest digest) {
        byte[] bytes = digest.encode();
        if (bytes.length > MAX_DIGEST_BYTES) {
            return false;
        }
        String partitionKey = SampleKeys.partitionKey(resourceKey, day);
        TableEntity row = putSummary(new TableEntity(partitionKey, SampleKeys.SUMMARY_ROW), bytes, digest.count(),
                summary.seq() + 1).addProperty(ODATA_ETAG, summary.etag());
        try {
            String etag = table.get().updateEntityWithResponse(row, TableEntityUpdateMode.REPLACE, true, null, Context.NONE)
                    .getHeaders().getValue("ETag");
            try {
                dayIndex.refreshed(day, resourceKey, new DaySummary(etag, bytes, digest.count(), summary.seq() + 1)).block();
            } catch (RuntimeException e) {
                LOG.debugf("CPS day index: the copy of %s stays as it was (%s)", partitionKey, e.getMessage());
            }
            return true;
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
            return false;
        }
    }

    /**
     * Every sample of a partition with a RowKey in [{@code fromRowKey}, {@code toRowKey}), page by
     * page as the subscriber asks, only the columns a report reads; without a thread, so a report
     * reads several partitions at once.
     */
    Flux<StoredSample> samples(String partitionKey, String fromRowKey, String toRowKey) {
        String filter = "PartitionKey eq '" + partitionKey + "' and RowKey ge '" + fromRowKey + "' and RowKey lt '"
                + toRowKey + "'";
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setSelect(SampleEntities.REPORT_COLUMNS);
        return asyncTable.get().listEntities(options).map(SampleEntities::toStored);
    }

    /**
     * Resources with samples on {@code day} (UTC), from the day's index partition, lazily: one
     * range query, with each resource-day's summary where the index's copy is current.
     */
    Stream<IndexEntry> resourcesOn(LocalDate day) {
        return index("PartitionKey eq '" + SampleKeys.indexPartition(SampleKeys.day(day)) + "'",
                List.of(DayIndex.STARTED, DayIndex.FINISHED, DIRTY, DIGEST));
    }

    /** Index entries of every day before {@code day}, oldest first: what retention deletes. */
    Stream<IndexEntry> indexBefore(LocalDate day) {
        return index("PartitionKey ge '" + SampleKeys.INDEX_PREFIX + "' and PartitionKey lt '"
                + SampleKeys.indexPartition(SampleKeys.day(day)) + "'", List.of());
    }

    private Stream<IndexEntry> index(String filter, List<String> columns) {
        List<String> select = new ArrayList<>(List.of("PartitionKey", "RowKey", SampleEntities.RESOURCE_ID));
        select.addAll(columns);
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setSelect(select);
        return indexTable.get().listEntities(options, null, Context.NONE).stream()
                .map(e -> new IndexEntry(e.getPartitionKey().substring(SampleKeys.INDEX_PREFIX.length()), e.getRowKey(),
                        String.valueOf(e.getProperty(SampleEntities.RESOURCE_ID)), DayIndex.currentDigest(e)));
    }

    /**
     * Deletes every entity of the entry's sample partition, then the index entry: a run stopped
     * half-way leaves the entry, and the next run finishes the partition.
     *
     * @return entities deleted
     */
    long delete(IndexEntry entry) {
        String partitionKey = SampleKeys.partitionKey(entry.resourceKey(), entry.day());
        long deleted = 0;
        while (true) {
            List<TableEntity> page = table.get().listEntities(new ListEntitiesOptions()
                    .setFilter("PartitionKey eq '" + partitionKey + "'").setSelect(List.of("RowKey")), null, Context.NONE)
                    .stream().limit(1000)
                    .map(e -> new TableEntity(partitionKey, e.getRowKey()))
                    .toList();
            if (page.isEmpty()) {
                break;
            }
            for (List<TableEntity> batch : TransactionBatches.plan(page)) {
                table.get().submitTransaction(batch.stream()
                        .map(e -> new TableTransactionAction(TableTransactionActionType.DELETE, e)).toList());
                deleted += batch.size();
            }
        }
        try {
            indexTable.get().deleteEntity(SampleKeys.indexPartition(entry.day()), entry.resourceKey());
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 404);
        }
        return deleted;
    }

    private Counter counted(String source) {
        // Sources are free labels: only the two accelconn knows get a tag of their own.
        String tag = CpsSample.CPS_TOOL.equals(source) || CpsSample.AZURE_MONITOR.equals(source) ? source : "other";
        synchronized (written) {
            return written.computeIfAbsent(tag, t -> Counter.builder("accelconn.telemetry.samples.written")
                    .description("CPS samples committed to the telemetry table, by source")
                    .tag("source", t).register(registry));
        }
    }

    /** Worth sending again: throttling, timeouts, server errors, and anything that never got an answer. */
    static boolean isTransient(RuntimeException e) {
        if (e instanceof TableServiceException t && t.getResponse() != null) {
            int status = t.getResponse().getStatusCode();
            return status == 408 || status == 429 || status >= 500;
        }
        return true;
    }

    /**
     * A partition's summary row.
     *
     * @param etag   its version, for the If-Match of {@link #saveSummary}
     * @param digest the stored summary, null when it is not known exactly (a sample replaced since)
     */
    record SummaryRow(String partitionKey, String etag, DayDigest digest, long seq) {
    }

    /**
     * A resource with samples on a day.
     *
     * @param digest the index's copy of the day's encoded {@link DayDigest} when it is current, else null
     */
    record IndexEntry(String day, String resourceKey, String resourceId, byte[] digest) {
    }
}

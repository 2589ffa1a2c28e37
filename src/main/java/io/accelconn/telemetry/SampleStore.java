package io.accelconn.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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

import io.accelconn.api.RequestRejected;
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
 * an entity per hour, source and kind ({@link SampleEntities}), written in Table transactions of
 * one partition each.
 * <p>
 * Every transaction also updates the partition's summary row, atomically with its hours and on
 * the row's ETag: the row's {@link DayDigest} always sums up exactly the samples stored, without a
 * report having read them. A write merges its samples into the hours as stored (read with the
 * summary row, unless the partition is new to the day): a sample stored alike already is not
 * written or counted again; one with other values replaces it and leaves the row marked dirty; a
 * report that summed the partition up stores it again, only if the row is unchanged since it
 * looked (If-Match). Every other write of the partition moves the summary row on, so a
 * transaction that meets one fails on the row's ETag and is merged anew. Before any sample, the
 * day's index row for the resource is written (see {@link DayIndex}, which also keeps a copy of
 * the summary), so fleet reports and retention find every partition that holds samples; the
 * index lives in the watermark table, beside the other small rows of telemetry, so listing a day's
 * resources never passes over samples. Calls block: use worker threads.
 */
@ApplicationScoped
public class SampleStore {

    private static final Logger LOG = Logger.getLogger(SampleStore.class);

    /** Hours' entities per transaction: one place is the summary row's. */
    static final int HOURS_PER_TRANSACTION = TransactionBatches.MAX_ENTITIES - 1;
    static final String DIRTY = "dirty";
    /** The reason code of a write refused because an hour would outgrow its entity. */
    static final String HOUR_FULL = "HOUR_FULL";
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
                .description("Partitions (summary row and the hours written) read by writes before a transaction, by why")
                .tag("reason", reason)
                .register(registry);
    }

    /**
     * Writes {@code samples} and says which were committed. A partition that holds samples already
     * is read first (its summary row and the hours the write touches); then every
     * hour's samples are merged with what is stored. Each partition's transactions go one after
     * the other (each one moves the partition's summary row on); up to {@code write-concurrency}
     * partitions are written at once (on the event loop, no thread each). After the first
     * transaction that fails (after the SDK's retries) no new one starts, as they would meet the
     * same storage, and the ones in flight are waited for so the answer is exact.
     *
     * @throws RequestRejected {@code HOUR_FULL} when an hour of a resource, source and kind would
     *                         hold more than {@link SampleEntities#MAX_HOUR_BYTES}: nothing of the
     *                         samples is written then
     */
    public WriteReport write(List<CpsSample> samples) {
        Map<String, PartitionWrite> partitions = new LinkedHashMap<>();
        Map<String, Day> days = new LinkedHashMap<>();
        Map<ResourceId, String> resourceKeys = new HashMap<>(); // a hash per resource, not per sample
        for (int i = 0; i < samples.size(); i++) {
            CpsSample s = atMillis(samples.get(i));
            String resourceKey = resourceKeys.computeIfAbsent(s.resource(), r -> SampleKeys.resourceKey(r.toString()));
            String partitionKey = SampleKeys.partitionKey(resourceKey, SampleKeys.day(s.timestamp()));
            partitions.computeIfAbsent(partitionKey, PartitionWrite::new).add(s, i);
            days.computeIfAbsent(partitionKey, pk -> day(s, resourceKey));
        }
        Map<String, PartitionState> states;
        Set<String> fresh = new HashSet<>();
        try {
            // Counted in before any sample. A partition whose index row this created is new to its
            // day: it has nothing to read (were something there after all, the summary row's
            // create fails and the partition is read then).
            Flux.fromIterable(byDay(days.values(), d -> d.resourceId()).entrySet())
                    .flatMap(d -> dayIndex.started(d.getKey(), d.getValue())
                            .map(created -> created.stream().map(k -> SampleKeys.partitionKey(k, d.getKey())).toList()),
                            readConcurrency)
                    .doOnNext(fresh::addAll)
                    .blockLast();
            states = Flux.fromIterable(partitions.values())
                    .flatMap(p -> (fresh.contains(p.partitionKey) ? Mono.just(PartitionState.NONE)
                            : load(p.partitionKey, p.hours.keySet(), summaryReads)).map(s -> Map.entry(p.partitionKey, s)),
                            readConcurrency)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .block();
        } catch (RuntimeException e) {
            return failed(samples.size(), new TreeSet<>(), 0, e);
        }
        List<PartitionRun> runs = partitions.values().stream()
                .map(p -> new PartitionRun(p, days.get(p.partitionKey).splitAt(), states.get(p.partitionKey))).toList();
        RequestRejected full = fullHours(runs);
        if (full != null) {
            // Counted out again with the summaries as read, so reports keep trusting the day index's copies. A
            // partition this write created stays counted in: it holds nothing, and reports find no summary row.
            finish(partitions.keySet().stream().filter(pk -> !fresh.contains(pk))
                    .map(pk -> new PartitionOutcome(pk, Set.of(), 0, true, states.get(pk).summary())).toList(), days);
            throw full;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<PartitionOutcome> outcomes = Flux.fromIterable(runs)
                .flatMap(run -> writePartition(run, failure), concurrency)
                .collectList()
                .block();
        TreeSet<Integer> committed = new TreeSet<>();
        Map<String, Integer> bySource = new HashMap<>();
        int transactions = 0;
        for (PartitionOutcome outcome : outcomes) {
            transactions += outcome.transactions();
            PartitionWrite p = partitions.get(outcome.partitionKey());
            for (String rowKey : outcome.committed()) {
                committed.addAll(p.indexes.get(rowKey));
                bySource.merge(p.hours.get(rowKey).firstEntry().getValue().source(), p.indexes.get(rowKey).size(), Integer::sum);
            }
        }
        bySource.forEach((source, n) -> counted(source).increment(n)); // the meters' lock once per source, not per sample
        finish(outcomes, days);
        if (failure.get() != null) {
            return failed(samples.size(), committed, transactions, failure.get());
        }
        return new WriteReport(samples.size(), List.copyOf(committed), List.of(), transactions, null, false);
    }

    /** The sample as stored: its time to the millisecond, the precision of its identity. */
    private static CpsSample atMillis(CpsSample s) {
        Instant t = s.timestamp();
        return t.getNano() % 1_000_000 == 0 ? s
                : new CpsSample(s.resource(), Instant.ofEpochMilli(t.toEpochMilli()), s.kind(), s.source(), s.cps(),
                        s.activeConnections(), s.failedConnections(), s.synRtt(), s.retransmitPercent(),
                        s.retransmitsPerConnection(), s.labels());
    }

    /**
     * Why the write is refused, before anything of it is stored, if an hour would outgrow its
     * entity; else null. The merges it looks at are the ones the first transactions send.
     */
    private static RequestRejected fullHours(List<PartitionRun> runs) {
        List<Integer> refused = new ArrayList<>();
        String example = null;
        for (PartitionRun run : runs) {
            for (HourWrite w : run.pending()) {
                if (w.tooLarge()) {
                    SampleHour hour = w.merge().hour();
                    refused.addAll(run.write.indexes.get(hour.rowKey()));
                    example = example != null ? example : hour.resource() + " " + hour.start() + " " + hour.source() + "/"
                            + hour.kind().wireName() + " (" + hour.samples().size() + " samples)";
                }
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        Collections.sort(refused);
        return RequestRejected.badRequest(HOUR_FULL, "samples " + refused.subList(0, Math.min(20, refused.size()))
                + (refused.size() > 20 ? "..." : "") + " would take an hour of one resource, source and kind past what"
                + " one entity holds (" + SampleEntities.MAX_HOUR_BYTES / 1024 + " KiB encoded, about 3,600 samples"
                + " with every field), e.g. " + example + "; nothing was written");
    }

    /** A partition's samples in a write: by hour (RowKey) and millisecond, the last one sent winning. */
    private static final class PartitionWrite {
        final String partitionKey;
        final Map<String, NavigableMap<Long, CpsSample>> hours = new LinkedHashMap<>();
        /** Every request index of each hour's samples, repeats included. */
        final Map<String, List<Integer>> indexes = new HashMap<>();

        PartitionWrite(String partitionKey) {
            this.partitionKey = partitionKey;
        }

        void add(CpsSample s, int index) {
            String rowKey = SampleKeys.rowKey(s);
            hours.computeIfAbsent(rowKey, k -> new TreeMap<>()).put(s.timestamp().toEpochMilli(), s);
            indexes.computeIfAbsent(rowKey, k -> new ArrayList<>()).add(index);
        }
    }

    /**
     * A partition as a write last saw it: its summary row and the stored hours it touches.
     *
     * @param summary null when the row must be read before the next transaction
     */
    private record PartitionState(DaySummary summary, Map<String, SampleHour> hours) {

        static final PartitionState NONE = new PartitionState(DaySummary.NONE, Map.of());

        /** The stored hour {@code rowKey}, or an empty one for {@code samples}. */
        SampleHour hour(String partitionKey, String rowKey, NavigableMap<Long, CpsSample> samples) {
            SampleHour stored = hours.get(rowKey);
            return stored != null ? stored : SampleHour.empty(partitionKey, rowKey, samples.firstEntry().getValue());
        }
    }

    /**
     * A partition's summary row and the hours {@code rowKeys} of it, each read by its keys (the
     * cheapest read of Table Storage, and of Azurite, whose queries scan the whole table). The reads
     * are no snapshot: an hour changed between them is caught by the transaction's conditions (its
     * ETag, or its create), as a summary row changed is.
     */
    private Mono<PartitionState> load(String partitionKey, Collection<String> rowKeys, Counter reads) {
        Mono<DaySummary> summary = find(partitionKey, SampleKeys.SUMMARY_ROW).map(f -> f.map(DaySummary::of).orElse(DaySummary.NONE));
        Mono<Map<String, SampleHour>> hours = Flux.fromIterable(rowKeys)
                .flatMap(rowKey -> find(partitionKey, rowKey), readConcurrency)
                .filter(Optional::isPresent)
                .map(found -> SampleEntities.toHour(found.get()))
                .collectMap(SampleHour::rowKey);
        return Mono.zip(summary, hours, PartitionState::new).doOnSubscribe(s -> reads.increment());
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
     * @param committed    the hours (RowKeys) whose samples are stored: committed by this write, or stored alike already
     * @param transactions the transactions this write committed
     * @param certain      every transaction's outcome is known (committed, or refused by the service)
     * @param summary      the partition's summary as this write's last transaction left it (or as
     *                     last read, when it committed none)
     */
    private record PartitionOutcome(String partitionKey, Set<String> committed, int transactions, boolean certain,
            DaySummary summary) {
    }

    /** A partition's state as its write goes, transaction after transaction. */
    private static final class PartitionRun {
        final PartitionWrite write;
        final Instant splitAt;
        final Set<String> done = new HashSet<>();
        private PartitionState state;
        /** {@link #pending()} on {@link #state}, computed once for it. */
        private List<HourWrite> pending;
        /** The newest summary this write saw; never null. */
        DaySummary known;
        int transactions;
        boolean certain = true;

        PartitionRun(PartitionWrite write, Instant splitAt, PartitionState state) {
            this.write = write;
            this.splitAt = splitAt;
            this.state = state;
            this.known = state.summary();
        }

        PartitionState state() {
            return state;
        }

        /** The partition as seen now: what is pending is merged anew from it. */
        void seen(PartitionState now) {
            state = now;
            pending = null;
        }

        /** The hours still to write, merged with what is stored and encoded; those stored alike are done. */
        List<HourWrite> pending() {
            if (pending == null) {
                pending = new ArrayList<>();
                for (Map.Entry<String, NavigableMap<Long, CpsSample>> hour : write.hours.entrySet()) {
                    if (done.contains(hour.getKey())) {
                        continue;
                    }
                    SampleHour.Merge merge = state.hour(write.partitionKey, hour.getKey(), hour.getValue()).merge(hour.getValue());
                    if (merge.changes()) {
                        pending.add(new HourWrite(merge, SampleEntities.encode(merge.hour())));
                    } else {
                        done.add(hour.getKey());
                    }
                }
            }
            return pending;
        }

        PartitionOutcome outcome() {
            return new PartitionOutcome(write.partitionKey, done, transactions, certain, known);
        }
    }

    /** An hour to write: its merge and the merged hour encoded. */
    private record HourWrite(SampleHour.Merge merge, byte[] encoded) {
        boolean tooLarge() {
            return encoded.length > SampleEntities.MAX_HOUR_BYTES;
        }
    }

    /** One partition's hours, in transactions one after the other, each on the summary row the previous one left. */
    private Mono<PartitionOutcome> writePartition(PartitionRun run, AtomicReference<RuntimeException> failure) {
        return next(run, 0, failure).onErrorResume(e -> {
            // A refused connection arrives as a checked IOException: kept as the cause.
            failure.compareAndSet(null, e instanceof RuntimeException r ? r : new StorageUnreachableException(e));
            failedTransactions.increment();
            run.certain = false;
            return Mono.empty();
        }).then(Mono.fromSupplier(run::outcome));
    }

    /**
     * The partition's next transaction: the first hours still to write (up to 99, under 4 MiB)
     * and the summary row with their new samples added, on the row's ETag. An hour stored already
     * is replaced on its own ETag, a new one created: a write that meets another one of the
     * partition (412 on a row, 409 on a create, 404 on a row deleted) reads the partition again
     * and merges anew, so no sample is counted twice and none is lost.
     */
    private Mono<Void> next(PartitionRun run, int attempt, AtomicReference<RuntimeException> failure) {
        if (run.state().summary() == null) {
            return load(run.write.partitionKey, run.write.hours.keySet(), attempt > 0 ? summaryConflicts : summaryReads)
                    .flatMap(state -> {
                        run.seen(state);
                        run.known = state.summary();
                        return next(run, attempt, failure);
                    });
        }
        List<HourWrite> pending = run.pending();
        if (pending.isEmpty() || failure.get() != null) {
            return Mono.empty(); // done, or storage already failed: not started
        }
        Map<TableEntity, SampleHour.Merge> entities = new LinkedHashMap<>();
        for (HourWrite w : pending) {
            if (w.tooLarge()) {
                // Checked before the write began: only another write of the same hour meanwhile gets here.
                return Mono.error(new IllegalStateException(HOUR_FULL + ": " + w.merge().hour().rowKey() + " of "
                        + run.write.partitionKey + " filled up while this write ran"));
            }
            entities.put(SampleEntities.toEntity(w.merge().hour(), w.encoded()), w.merge());
        }
        List<TableEntity> batch = TransactionBatches.plan(List.copyOf(entities.keySet()), HOURS_PER_TRANSACTION).get(0);
        List<SampleHour.Merge> merges = batch.stream().map(entities::get).toList();
        DaySummary current = run.state().summary();
        DaySummary next = current.plus(merges, run.splitAt);
        List<TableTransactionAction> actions = new ArrayList<>(batch.size() + 1);
        for (int i = 0; i < batch.size(); i++) {
            SampleHour hour = merges.get(i).hour();
            actions.add(hour.isStored()
                    ? new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                            batch.get(i).addProperty(ODATA_ETAG, hour.etag()), true)
                    : new TableTransactionAction(TableTransactionActionType.CREATE, batch.get(i)));
        }
        TableEntity summary = putSummary(new TableEntity(run.write.partitionKey, SampleKeys.SUMMARY_ROW), next.digest(),
                next.samples(), next.seq());
        if (current.etag() == null) {
            actions.add(new TableTransactionAction(TableTransactionActionType.CREATE, summary));
        } else {
            summary.addProperty(ODATA_ETAG, current.etag());
            actions.add(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, summary, true));
        }
        int summaryIndex = actions.size() - 1;
        TransactionEtags.Capture etags = new TransactionEtags.Capture();
        long start = System.nanoTime();
        return asyncTable.get().submitTransactionWithResponse(actions)
                .contextWrite(TransactionEtags.into(etags))
                .map(result -> true)
                .onErrorResume(TableTransactionFailedException.class,
                        e -> attempt < MAX_CONFLICTS && isConflict(e) ? Mono.just(false) : Mono.error(e))
                .flatMap(committed -> {
                    if (!committed) {
                        run.seen(new PartitionState(null, Map.of()));
                        return next(run, attempt + 1, failure);
                    }
                    transactionTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    run.transactions++;
                    merges.forEach(m -> run.done.add(m.hour().rowKey()));
                    String etag = etags.etag(summaryIndex);
                    if (etag == null) {
                        LOG.debugf("CPS summary row of %s: no ETag in the transaction's answer; read again",
                                run.write.partitionKey);
                    }
                    run.known = next;
                    // The other hours are as read: every write of the partition moves its summary row on, and this one's
                    // ETag matched. Without the row's new ETag, the partition is read again before the next transaction.
                    run.seen(new PartitionState(etag == null ? null : next.withEtag(etag), run.state().hours()));
                    return next(run, 0, failure);
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

        /** What the row becomes when {@code merges} are committed (its ETag known only then). */
        DaySummary plus(List<SampleHour.Merge> merges, Instant splitAt) {
            boolean replaces = merges.stream().anyMatch(SampleHour.Merge::replaces);
            DayDigest d = digest == null || replaces ? null : DayDigest.decode(digest);
            if (d == null) {
                return new DaySummary(null, null, 0, seq + 1);
            }
            if (splitAt != null) {
                d.splitAt(splitAt);
            }
            for (SampleHour.Merge m : merges) {
                m.added().values().forEach(s -> d.add(StoredSample.of(s)));
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
     * Every sample of a partition in [{@code from}, {@code to}), an hour's entity at a time as the
     * subscriber asks; without a thread, so a report reads several partitions at once.
     */
    Flux<StoredSample> samples(String partitionKey, Instant from, Instant to) {
        Instant lastHour = SampleEntities.hourOf(to);
        String end = SampleKeys.hourPrefix(lastHour.equals(to) ? to : lastHour.plus(Duration.ofHours(1)));
        String filter = "PartitionKey eq '" + partitionKey + "' and RowKey ge '" + SampleKeys.hourPrefix(from)
                + "' and RowKey lt '" + end + "'";
        return asyncTable.get().listEntities(new ListEntitiesOptions().setFilter(filter))
                .concatMapIterable(SampleEntities::toStored)
                .filter(s -> !s.timestamp().isBefore(from) && s.timestamp().isBefore(to));
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

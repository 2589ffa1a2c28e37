package io.accelconn.telemetry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.azure.core.util.Context;
import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;

import io.accelconn.audit.TransactionBatches;
import io.accelconn.azure.ResourceId;
import io.accelconn.storage.StorageConfig;
import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
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
 * Every transaction also marks the partition's summary row dirty, atomically with its samples: a
 * report that summed the partition up may store that summary only if the row is unchanged since
 * it looked (If-Match), so a stored summary never misses a sample. Before any sample, the day's
 * index row for the resource is written, so fleet reports and retention find every partition that
 * holds samples; the index lives in the watermark table, beside the other small rows of telemetry,
 * so listing a day's resources never passes over samples. Calls block: use worker threads.
 */
@ApplicationScoped
public class SampleStore {

    private static final Logger LOG = Logger.getLogger(SampleStore.class);


    /** Samples per transaction: one place is the summary row's. */
    static final int SAMPLES_PER_TRANSACTION = TransactionBatches.MAX_ENTITIES - 1;
    static final String DIRTY = "dirty";
    static final String DIGEST = "digest";
    static final String DIGEST_SAMPLES = "samples";
    /** A binary property holds 64 KiB; a digest that does not fit is simply not stored. */
    static final int MAX_DIGEST_BYTES = 64 * 1024;
    private static final String ODATA_ETAG = "odata.etag";

    private final Supplier<TableClient> table;
    private final Supplier<TableAsyncClient> asyncTable;
    private final Supplier<TableClient> indexTable;
    private final int concurrency;
    private final int readConcurrency;
    private final MeterRegistry registry;
    private final Timer transactionTimer;
    private final Counter failedTransactions;
    private final Map<String, Counter> written = new HashMap<>();

    @Inject
    SampleStore(TableClients tables, StorageConfig storage, TelemetryConfig config, MeterRegistry registry) {
        this(tables, storage.telemetryTable(), storage.watermarkTable(), config.writeConcurrency(), config.readConcurrency(),
                registry);
    }

    /**
     * Over the tables of {@code tables}; nothing is sent before the first call.
     *
     * @param tableName       the samples and their summary rows
     * @param indexTableName  the day index: a table of its own kind of rows, kept small so listing a
     *                        day never passes over samples (the watermark table)
     * @param concurrency     sample transactions in flight at once
     * @param readConcurrency summary rows read at once
     */
    public SampleStore(TableClients tables, String tableName, String indexTableName, int concurrency, int readConcurrency,
            MeterRegistry registry) {
        if (concurrency < 1 || readConcurrency < 1) {
            throw new IllegalArgumentException("accelconn.telemetry.write-concurrency and read-concurrency must be at least 1");
        }
        this.readConcurrency = readConcurrency;
        this.table = () -> tables.table(tableName);
        this.asyncTable = () -> tables.asyncTable(tableName);
        this.indexTable = () -> tables.table(indexTableName);
        this.concurrency = concurrency;
        this.registry = registry;
        this.transactionTimer = Timer.builder("accelconn.telemetry.transactions")
                .description("Committed Table transactions of CPS samples")
                .publishPercentileHistogram()
                .register(registry);
        this.failedTransactions = Counter.builder("accelconn.telemetry.transactions.failed")
                .description("Table transactions of CPS samples that failed after the SDK's retries")
                .register(registry);
    }

    /**
     * Writes {@code samples} and says which were committed. Up to {@code write-concurrency}
     * transactions are in flight at once (on the event loop, no thread each); after the first one
     * that fails (after the SDK's retries) no new one starts, as they would meet the same storage,
     * and the ones in flight are waited for so the answer is exact.
     */
    public WriteReport write(List<CpsSample> samples) {
        List<TableEntity> entities = new ArrayList<>(samples.size());
        Map<String, List<Integer>> indexesByKey = new HashMap<>();
        Map<String, TableEntity> indexRows = new LinkedHashMap<>();
        Map<ResourceId, String> resourceKeys = new HashMap<>(); // a hash per resource, not per sample
        for (int i = 0; i < samples.size(); i++) {
            CpsSample s = samples.get(i);
            String resourceKey = resourceKeys.computeIfAbsent(s.resource(), r -> SampleKeys.resourceKey(r.toString()));
            TableEntity e = SampleEntities.toEntity(s, resourceKey);
            entities.add(e);
            indexesByKey.computeIfAbsent(e.getPartitionKey() + '\n' + e.getRowKey(), k -> new ArrayList<>()).add(i);
            String day = SampleKeys.day(s.timestamp());
            indexRows.computeIfAbsent(day + resourceKey, k -> new TableEntity(SampleKeys.indexPartition(day), resourceKey)
                    .addProperty(SampleEntities.RESOURCE_ID, s.resource().toString()));
        }
        try {
            for (List<TableEntity> batch : TransactionBatches.plan(new ArrayList<>(indexRows.values()))) {
                indexTable.get().submitTransaction(upserts(batch));
            }
        } catch (RuntimeException e) {
            return failed(samples.size(), new TreeSet<>(), 0, e);
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Batch> outcomes = Flux.fromIterable(TransactionBatches.plan(entities, SAMPLES_PER_TRANSACTION))
                .flatMap(batch -> submit(batch, failure), concurrency)
                .collectList()
                .block();
        TreeSet<Integer> committed = new TreeSet<>();
        int transactions = 0;
        for (Batch b : outcomes) {
            if (b.committed()) {
                transactions++;
                for (TableEntity e : b.entities()) {
                    committed.addAll(indexesByKey.get(e.getPartitionKey() + '\n' + e.getRowKey()));
                    counted(e.getProperty(SampleEntities.SOURCE).toString()).increment();
                }
            }
        }
        if (failure.get() != null) {
            return failed(samples.size(), committed, transactions, failure.get());
        }
        return new WriteReport(samples.size(), List.copyOf(committed), List.of(), transactions, null, false);
    }

    /** One transaction: its samples and the partition's summary row marked dirty, atomically. */
    private Mono<Batch> submit(List<TableEntity> batch, AtomicReference<RuntimeException> failure) {
        if (failure.get() != null) {
            return Mono.just(new Batch(batch, false)); // storage already failed: not started
        }
        List<TableTransactionAction> actions = upserts(batch);
        actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_MERGE,
                new TableEntity(batch.get(0).getPartitionKey(), SampleKeys.SUMMARY_ROW).addProperty(DIRTY, true)));
        long start = System.nanoTime();
        return asyncTable.get().submitTransaction(actions)
                .map(result -> {
                    transactionTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    return new Batch(batch, true);
                })
                .onErrorResume(e -> {
                    // A refused connection arrives as a checked IOException: kept as the cause.
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new StorageUnreachableException(e));
                    failedTransactions.increment();
                    return Mono.just(new Batch(batch, false));
                });
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

    private record Batch(List<TableEntity> entities, boolean committed) {
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
                .flatMap(pk -> asyncTable.get().getEntityWithResponse(pk, SampleKeys.SUMMARY_ROW, null)
                        .map(response -> Optional.of(summaryRow(response.getValue())))
                        .onErrorResume(TableServiceException.class,
                                e -> status(e) == 404 ? Mono.just(Optional.empty()) : Mono.error(e)),
                        readConcurrency)
                .filter(Optional::isPresent)
                .map(Optional::get)
                .doOnNext(row -> rows.put(row.partitionKey(), row))
                .blockLast();
        return rows;
    }

    private static SummaryRow summaryRow(TableEntity e) {
        boolean dirty = !Boolean.FALSE.equals(e.getProperty(DIRTY));
        DayDigest digest = null;
        if (!dirty && e.getProperty(DIGEST) instanceof byte[] bytes) {
            digest = DayDigest.decode(bytes);
        }
        return new SummaryRow(e.getPartitionKey(), e.getETag(), digest);
    }

    /**
     * Stores {@code digest} as the partition's summary, only if the summary row is still the
     * version {@code etag} names: a sample written since makes this a no-op (false).
     */
    boolean saveSummary(String partitionKey, String etag, DayDigest digest) {
        byte[] bytes = digest.encode();
        if (bytes.length > MAX_DIGEST_BYTES) {
            return false;
        }
        TableEntity row = new TableEntity(partitionKey, SampleKeys.SUMMARY_ROW)
                .addProperty(DIRTY, false)
                .addProperty(DIGEST, bytes)
                .addProperty(DIGEST_SAMPLES, digest.count())
                .addProperty(ODATA_ETAG, etag);
        try {
            table.get().updateEntityWithResponse(row, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
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

    /** Resources with samples on {@code day} (UTC), from the day's index partition, lazily. */
    Stream<IndexEntry> resourcesOn(LocalDate day) {
        return index("PartitionKey eq '" + SampleKeys.indexPartition(SampleKeys.day(day)) + "'");
    }

    /** Index entries of every day before {@code day}, oldest first: what retention deletes. */
    Stream<IndexEntry> indexBefore(LocalDate day) {
        return index("PartitionKey ge '" + SampleKeys.INDEX_PREFIX + "' and PartitionKey lt '"
                + SampleKeys.indexPartition(SampleKeys.day(day)) + "'");
    }

    private Stream<IndexEntry> index(String filter) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                .setSelect(List.of("PartitionKey", "RowKey", SampleEntities.RESOURCE_ID));
        return indexTable.get().listEntities(options, null, Context.NONE).stream()
                .map(e -> new IndexEntry(e.getPartitionKey().substring(SampleKeys.INDEX_PREFIX.length()), e.getRowKey(),
                        String.valueOf(e.getProperty(SampleEntities.RESOURCE_ID))));
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

    private static List<TableTransactionAction> upserts(List<TableEntity> batch) {
        List<TableTransactionAction> actions = new ArrayList<>(batch.size() + 1);
        for (TableEntity e : batch) {
            actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e));
        }
        return actions;
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

    private static int status(TableServiceException e) {
        return e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
    }

    /**
     * A partition's summary row.
     *
     * @param etag   its version, for the If-Match of {@link #saveSummary}
     * @param digest the stored summary, null when samples were written since it was stored (or none was)
     */
    record SummaryRow(String partitionKey, String etag, DayDigest digest) {
    }

    /** A resource with samples on a day. */
    record IndexEntry(String day, String resourceKey, String resourceId) {
    }
}

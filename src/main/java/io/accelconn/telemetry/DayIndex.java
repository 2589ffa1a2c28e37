package io.accelconn.telemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The day index (partition {@code index_<yyyyMMdd>} of the watermark table, one row per resource
 * with samples that day) with a copy of each resource-day's summary, so a fleet report reads a
 * day of the whole fleet with one range query instead of a point read per resource.
 * <p>
 * The copy cannot be written in the samples' transaction (another table), so each write counts
 * itself in before its samples ({@value #STARTED}) and out after they committed
 * ({@value #FINISHED}), leaving the summary it committed if it is newer (by the summary row's
 * {@value #SEQ}, which every change of the partition raises). A copy is current when every write
 * that started has finished: each one left a summary at least as new as its own commit. A write
 * that never finished (the process died, storage failed with the outcome unknown) leaves the
 * counts apart and reports read that day's summary row instead. A write's rows of one day are
 * read with one query and changed in one transaction, on their ETags: concurrent writers retry,
 * none is lost.
 */
final class DayIndex {

    static final String STARTED = "writesStarted";
    static final String FINISHED = "writesFinished";
    static final String SEQ = "seq";
    private static final String ODATA_ETAG = "odata.etag";
    /** Rows read with one query: an OData filter of this many RowKeys stays far below the URL limit. */
    private static final int ROWS_PER_QUERY = 50;
    /** Writers of one resource-day that collide retry this often, with a short jittered pause. */
    private static final int MAX_ATTEMPTS = 50;

    private final Supplier<TableAsyncClient> table;

    DayIndex(Supplier<TableAsyncClient> table) {
        this.table = table;
    }

    /**
     * Counts a write of these resources' samples of {@code day} in; a row is created on the first.
     * A resource without a row had no sample partition that day (the row is written before any
     * sample and deleted after them), so its writer knows the summary row is not there yet.
     *
     * @param resources resource ids by resource key
     * @return the resource keys whose row this call created: new to the day
     */
    Mono<Set<String>> started(String day, Map<String, String> resources) {
        return change(day, new ArrayList<>(resources.keySet()), (resourceKey, row) -> {
            TableEntity e = new TableEntity(SampleKeys.indexPartition(day), resourceKey).addProperty(STARTED, count(row, STARTED) + 1);
            if (row == null) {
                return new TableTransactionAction(TableTransactionActionType.CREATE,
                        e.addProperty(SampleEntities.RESOURCE_ID, resources.get(resourceKey)).addProperty(FINISHED, 0L));
            }
            e.addProperty(ODATA_ETAG, row.getETag());
            return new TableTransactionAction(TableTransactionActionType.UPDATE_MERGE, e, true);
        });
    }

    /**
     * Counts a write out, leaving {@code committed} (each partition's summary as the write's last
     * transaction left it) as the copy unless a newer one is there already.
     *
     * @param committed summaries by resource key
     */
    Mono<Void> finished(String day, Map<String, SampleStore.DaySummary> committed) {
        return copy(day, committed, 1).then();
    }

    /**
     * Leaves {@code summary} (stored by a report that summed the day up again: the same samples,
     * a newer version) as the copy if it is newer, counting no write.
     */
    Mono<Void> refreshed(String day, String resourceKey, SampleStore.DaySummary summary) {
        return copy(day, Map.of(resourceKey, summary), 0).then();
    }

    private Mono<Set<String>> copy(String day, Map<String, SampleStore.DaySummary> summaries, int writesDone) {
        return change(day, new ArrayList<>(summaries.keySet()), (resourceKey, row) -> {
            SampleStore.DaySummary summary = summaries.get(resourceKey);
            if (row == null || (writesDone == 0 && summary.seq() <= count(row, SEQ))) {
                return null; // deleted by retention meanwhile, or nothing newer to leave
            }
            TableEntity e = new TableEntity(row.getPartitionKey(), row.getRowKey())
                    .addProperty(SampleEntities.RESOURCE_ID, row.getProperty(SampleEntities.RESOURCE_ID))
                    .addProperty(STARTED, count(row, STARTED))
                    .addProperty(FINISHED, count(row, FINISHED) + writesDone)
                    .addProperty(ODATA_ETAG, row.getETag());
            if (summary.seq() >= count(row, SEQ)) {
                SampleStore.putSummary(e, summary.digest(), summary.samples(), summary.seq());
            } else {
                for (String keep : new String[] { SEQ, SampleStore.DIRTY, SampleStore.DIGEST, SampleStore.DIGEST_SAMPLES }) {
                    if (row.getProperty(keep) != null) {
                        e.addProperty(keep, row.getProperty(keep));
                    }
                }
            }
            return new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, e, true);
        });
    }

    /**
     * Reads the rows of {@code resourceKeys} on {@code day} and submits what {@code action} makes of
     * each (null row: none yet; null action: leave it), up to {@value #ROWS_PER_QUERY} rows a query
     * and a transaction; read and built again when another writer changed a row meanwhile.
     *
     * @return the keys of the rows created by the transactions that committed
     */
    private Mono<Set<String>> change(String day, List<String> resourceKeys,
            BiFunction<String, TableEntity, TableTransactionAction> action) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < resourceKeys.size(); i += ROWS_PER_QUERY) {
            chunks.add(resourceKeys.subList(i, Math.min(resourceKeys.size(), i + ROWS_PER_QUERY)));
        }
        return Flux.fromIterable(chunks)
                .flatMap(chunk -> Mono.defer(() -> rows(day, chunk).flatMap(rows -> {
                    List<TableTransactionAction> actions = new ArrayList<>();
                    Set<String> created = new HashSet<>();
                    for (String resourceKey : chunk) {
                        TableTransactionAction a = action.apply(resourceKey, rows.get(resourceKey));
                        if (a != null) {
                            actions.add(a);
                            if (a.getActionType() == TableTransactionActionType.CREATE) {
                                created.add(resourceKey);
                            }
                        }
                    }
                    return actions.isEmpty() ? Mono.just(created) : table.get().submitTransaction(actions).thenReturn(created);
                })).retryWhen(Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(200))
                        .filter(e -> e instanceof TableTransactionFailedException t && SampleStore.isConflict(t))))
                .<Set<String>>collect(HashSet::new, Set::addAll);
    }

    /** The rows of {@code resourceKeys} that exist, by resource key: one query. */
    private Mono<Map<String, TableEntity>> rows(String day, List<String> resourceKeys) {
        StringBuilder filter = new StringBuilder("PartitionKey eq '").append(SampleKeys.indexPartition(day)).append("' and (");
        for (int i = 0; i < resourceKeys.size(); i++) {
            filter.append(i == 0 ? "" : " or ").append("RowKey eq '").append(resourceKeys.get(i)).append('\'');
        }
        filter.append(')');
        return table.get().listEntities(new ListEntitiesOptions().setFilter(filter.toString()))
                .collectMap(TableEntity::getRowKey, e -> e, HashMap::new);
    }

    /** A row's copy of the summary when it is current (see the class comment), else null. */
    static byte[] currentDigest(TableEntity row) {
        Object started = row.getProperty(STARTED);
        Object finished = row.getProperty(FINISHED);
        if (started instanceof Number s && finished instanceof Number f && s.longValue() == f.longValue()
                && Boolean.FALSE.equals(row.getProperty(SampleStore.DIRTY))
                && row.getProperty(SampleStore.DIGEST) instanceof byte[] digest) {
            return digest;
        }
        return null;
    }

    private static long count(TableEntity row, String name) {
        return row != null && row.getProperty(name) instanceof Number n ? n.longValue() : 0;
    }
}

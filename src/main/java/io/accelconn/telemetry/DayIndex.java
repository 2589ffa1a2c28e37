package io.accelconn.telemetry;

import java.time.Duration;
import java.util.function.Supplier;

import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;

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
 * counts apart and reports read that day's summary row instead. Counts and copy change on the
 * row's ETag: concurrent writers retry, none is lost.
 */
final class DayIndex {

    static final String STARTED = "writesStarted";
    static final String FINISHED = "writesFinished";
    static final String SEQ = "seq";
    private static final String ODATA_ETAG = "odata.etag";
    /** Writers of one resource-day that collide retry this often, with a short jittered pause. */
    private static final int MAX_ATTEMPTS = 50;

    private final Supplier<TableAsyncClient> table;

    DayIndex(Supplier<TableAsyncClient> table) {
        this.table = table;
    }

    /** Counts a write of the resource's samples of {@code day} in; the row is created on the first. */
    Mono<Void> started(String day, String resourceKey, String resourceId) {
        return Mono.defer(() -> read(day, resourceKey)
                .flatMap(row -> {
                    TableEntity e = new TableEntity(SampleKeys.indexPartition(day), resourceKey)
                            .addProperty(STARTED, count(row, STARTED) + 1);
                    if (!row.getProperties().containsKey(SampleEntities.RESOURCE_ID)) {
                        return table.get().createEntity(e.addProperty(SampleEntities.RESOURCE_ID, resourceId)
                                .addProperty(FINISHED, 0L));
                    }
                    e.addProperty(ODATA_ETAG, row.getETag());
                    return table.get().updateEntityWithResponse(e, TableEntityUpdateMode.MERGE, true).then();
                }))
                .retryWhen(conflicts());
    }

    /**
     * Counts a write out, leaving {@code committed} (the partition's summary as the write's last
     * transaction left it) as the copy unless a newer one is there already.
     */
    Mono<Void> finished(String day, String resourceKey, SampleStore.DaySummary committed) {
        return copy(day, resourceKey, committed, 1);
    }

    /**
     * Leaves {@code summary} (stored by a report that summed the day up again: the same samples,
     * a newer version) as the copy if it is newer, counting no write.
     */
    Mono<Void> refreshed(String day, String resourceKey, SampleStore.DaySummary summary) {
        return copy(day, resourceKey, summary, 0);
    }

    private Mono<Void> copy(String day, String resourceKey, SampleStore.DaySummary committed, int writesDone) {
        return Mono.defer(() -> read(day, resourceKey)
                .flatMap(row -> {
                    if (!row.getProperties().containsKey(SampleEntities.RESOURCE_ID)
                            || (writesDone == 0 && committed.seq() <= count(row, SEQ))) {
                        return Mono.<Void>empty(); // deleted by retention meanwhile, or nothing newer to leave
                    }
                    TableEntity e = new TableEntity(row.getPartitionKey(), row.getRowKey())
                            .addProperty(SampleEntities.RESOURCE_ID, row.getProperty(SampleEntities.RESOURCE_ID))
                            .addProperty(STARTED, count(row, STARTED))
                            .addProperty(FINISHED, count(row, FINISHED) + writesDone)
                            .addProperty(ODATA_ETAG, row.getETag());
                    if (committed.seq() >= count(row, SEQ)) {
                        SampleStore.putSummary(e, committed.digest(), committed.samples(), committed.seq());
                    } else {
                        for (String keep : new String[] { SEQ, SampleStore.DIRTY, SampleStore.DIGEST,
                                SampleStore.DIGEST_SAMPLES }) {
                            if (row.getProperty(keep) != null) {
                                e.addProperty(keep, row.getProperty(keep));
                            }
                        }
                    }
                    return table.get().updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true).then();
                }))
                .retryWhen(conflicts());
    }

    /** The row, or an entity without properties when there is none. */
    private Mono<TableEntity> read(String day, String resourceKey) {
        return table.get().getEntityWithResponse(SampleKeys.indexPartition(day), resourceKey, null)
                .map(r -> r.getValue())
                .onErrorResume(TableServiceException.class, e -> SampleStore.status(e) == 404
                        ? Mono.just(new TableEntity(SampleKeys.indexPartition(day), resourceKey))
                        : Mono.error(e));
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
        return row.getProperty(name) instanceof Number n ? n.longValue() : 0;
    }

    private static Retry conflicts() {
        return Retry.backoff(MAX_ATTEMPTS, Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(200))
                .filter(e -> e instanceof TableServiceException t && (SampleStore.status(t) == 409 || SampleStore.status(t) == 412));
    }
}

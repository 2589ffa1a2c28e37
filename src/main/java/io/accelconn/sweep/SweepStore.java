package io.accelconn.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.api.RequestRejected;
import io.accelconn.audit.AuditKeys;
import io.accelconn.audit.TableText;
import io.accelconn.audit.TransactionBatches;
import io.accelconn.azure.InventoryPosition;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sweep's tables: runs and scope locks, work item checkpoints, per-NIC report rows. Calls
 * block: use worker threads. Tables are resolved at first use, so nothing touches storage at boot.
 */
@ApplicationScoped
class SweepStore {

    static final String RUN_PARTITION = "run";
    static final String SCOPE_PARTITION = "scope";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final TableClients tables;
    private final SweepConfig config;
    private final ObjectMapper mapper;

    SweepStore(TableClients tables, SweepConfig config, ObjectMapper mapper) {
        this.tables = tables;
        this.config = config;
        this.mapper = mapper;
    }

    /** Thrown when a conditional write finds the row changed: another worker took the item over. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(String what) {
            super(what, null, false, false);
        }
    }

    // ---- scope locks: one row per scope, created only if absent, so two starts give one run ----

    /** The scope's lock row: the run holding it and its ETag; empty when free. */
    record ScopeLock(String runId, String etag) {
    }

    /** Creates the lock for {@code runId}; returns the current holder instead when the scope is taken. */
    Optional<ScopeLock> lockScope(String scopeKey, String runId, Instant now) {
        TableEntity lock = new TableEntity(SCOPE_PARTITION, scopeKey).addProperty("runId", runId).addProperty("lockedAt", now.toString());
        try {
            runs().createEntity(lock);
            return Optional.empty();
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 409);
        }
        TableEntity held = TableCalls.find(runs(), SCOPE_PARTITION, scopeKey);
        if (held == null) {
            return lockScope(scopeKey, runId, now); // released between our create and our read
        }
        return Optional.of(new ScopeLock(String.valueOf(held.getProperty("runId")), held.getETag()));
    }

    /** Takes over a lock whose run is finished or stale, only in the version judged so. */
    boolean takeOverScope(String scopeKey, ScopeLock stale, String runId, Instant now) {
        TableEntity lock = new TableEntity(SCOPE_PARTITION, scopeKey).addProperty("runId", runId).addProperty("lockedAt", now.toString());
        try {
            runs().updateEntityWithResponse(lock.addProperty("odata.etag", stale.etag()), TableEntityUpdateMode.REPLACE, true,
                    null, Context.NONE);
            return true;
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
            return false;
        }
    }

    /** Frees the scope if {@code runId} still holds it. */
    void releaseScope(String scopeKey, String runId) {
        TableEntity held = TableCalls.find(runs(), SCOPE_PARTITION, scopeKey);
        if (held == null || !runId.equals(held.getProperty("runId"))) {
            return;
        }
        try {
            runs().deleteEntityWithResponse(held, true, null, Context.NONE);
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 412, 404);
        }
    }

    // ---- runs ----

    void saveRun(SweepRun run) {
        TableEntity e = new TableEntity(RUN_PARTITION, RunIds.rowKey(run.runId()))
                .addProperty("runId", run.runId())
                .addProperty("scopeKey", run.scopeKey())
                .addProperty("subscriptions", run.subscriptions())
                .addProperty("mode", run.mode().name())
                .addProperty("classes", json(run.classes()))
                .addProperty("trigger", run.trigger())
                .addProperty("startedAt", run.startedAt().toString())
                .addProperty("status", run.status().name());
        if (run.finishedAt() != null) {
            e.addProperty("finishedAt", run.finishedAt().toString());
        }
        runs().upsertEntity(e);
    }

    /** Drops a run that never got its scope (it lost a concurrent start). */
    void deleteRun(String runId) {
        try {
            runs().deleteEntity(RUN_PARTITION, RunIds.rowKey(runId));
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 404);
        }
    }

    Optional<SweepRun> run(String runId) {
        return Optional.ofNullable(TableCalls.find(runs(), RUN_PARTITION, RunIds.rowKey(runId))).map(this::toRun);
    }

    /** The newest runs first. */
    List<SweepRun> runs(int limit) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '" + RUN_PARTITION + "'").setTop(limit);
        List<SweepRun> out = new ArrayList<>();
        for (TableEntity e : runs().listEntities(options, null, Context.NONE)) {
            out.add(toRun(e));
            if (out.size() == limit) {
                break;
            }
        }
        return out;
    }

    private SweepRun toRun(TableEntity e) {
        return new SweepRun(str(e, "runId"), str(e, "scopeKey"), num(e, "subscriptions"),
                EnforceConfig.Mode.valueOf(str(e, "mode")), strings(str(e, "classes")), str(e, "trigger"),
                instant(str(e, "startedAt")), instant(str(e, "finishedAt")), RunStatus.valueOf(str(e, "status")));
    }

    // ---- checkpoints ----

    /** The run's items, QUEUED, in one partition: transactions of up to 100. */
    void createItems(String runId, List<String> subscriptions, Instant now) {
        List<TableEntity> entities = new ArrayList<>(subscriptions.size());
        for (String sub : subscriptions) {
            Checkpoint cp = new Checkpoint(runId, sub);
            cp.createdAt = now;
            cp.updatedAt = now;
            entities.add(toEntity(cp));
        }
        submit(checkpoints(), entities);
    }

    /** @param rowKey the subscription, or a lane's {@link Checkpoint#laneKey} */
    Optional<Checkpoint> item(String runId, String rowKey) {
        return Optional.ofNullable(TableCalls.find(checkpoints(), runId, rowKey)).map(this::toCheckpoint);
    }

    /**
     * Creates a page's lanes, QUEUED; a lane that exists already (the page's worker was cut off
     * after creating it) is left as it is, so a redelivered page never resets a lane's progress.
     */
    void createLanes(List<Checkpoint> lanes) {
        if (lanes.isEmpty()) {
            return;
        }
        List<TableEntity> entities = lanes.stream().map(this::toEntity).toList();
        try {
            checkpoints().submitTransaction(entities.stream()
                    .map(e -> new TableTransactionAction(TableTransactionActionType.CREATE, e)).toList());
        } catch (com.azure.data.tables.models.TableTransactionFailedException e) {
            for (TableEntity lane : entities) {
                try {
                    checkpoints().createEntity(lane);
                } catch (TableServiceException exists) {
                    TableCalls.requireStatus(exists, 409);
                }
            }
        }
    }

    /**
     * The lanes of one page of one subscription that are in one of {@code states}. The filter runs
     * in the table: lanes look at their page's others every few seconds, and most are not of interest.
     */
    List<Checkpoint> lanes(String runId, String subscriptionId, int page, Set<ItemState> states) {
        String prefix = Checkpoint.pageLanesPrefix(subscriptionId, page);
        // '~' sorts after the digits of a lane number: the range holds exactly the page's lanes.
        return checkpoints("PartitionKey eq '" + runId + "' and RowKey ge '" + prefix + "' and RowKey lt '" + prefix + "~' and "
                + stateIn(states), null);
    }

    List<Checkpoint> items(String runId) {
        return checkpoints("PartitionKey eq '" + runId + "'", null);
    }

    /**
     * Whether an item of the run has not ended. Asked by every item that ends, so one row at most
     * comes back: reading all of a run's checkpoints each time made the ends of its hundreds of
     * lanes cost the square of their number.
     */
    boolean anyUnfinished(String runId) {
        return !checkpoints("PartitionKey eq '" + runId + "' and " + stateIn(ItemState.UNFINISHED), 1).isEmpty();
    }

    private static String stateIn(Set<ItemState> states) {
        return states.stream().map(s -> "state eq '" + s.name() + "'").collect(Collectors.joining(" or ", "(", ")"));
    }

    /** Checkpoints matching {@code filter}; with a {@code limit}, no more than it (pages the service returns empty are followed). */
    private List<Checkpoint> checkpoints(String filter, Integer limit) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter).setTop(limit);
        List<Checkpoint> out = new ArrayList<>();
        for (TableEntity e : checkpoints().listEntities(options, null, Context.NONE)) {
            out.add(toCheckpoint(e));
            if (limit != null && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /**
     * Writes the checkpoint if nobody changed it since it was read, then takes the new ETag.
     *
     * @throws LeaseLost another worker wrote it meanwhile
     */
    void save(Checkpoint cp) {
        TableEntity e = toEntity(cp).addProperty("odata.etag", cp.etag);
        try {
            checkpoints().updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
        } catch (TableServiceException ex) {
            TableCalls.requireStatus(ex, 412, 404);
            throw new LeaseLost("the checkpoint of " + cp.runId + "/" + cp.subscriptionId + " changed under this worker");
        }
        // The body's ETag, not the header's: the Tables SDK cuts the closing quote off weak ETag headers.
        TableEntity now = TableCalls.find(checkpoints(), cp.runId, cp.rowKey());
        cp.etag = now == null ? null : now.getETag();
    }

    private TableEntity toEntity(Checkpoint cp) {
        TableEntity e = new TableEntity(cp.runId, cp.rowKey())
                .addProperty("subscriptionId", cp.subscriptionId)
                .addProperty("state", cp.state.name())
                .addProperty("segment", cp.segment)
                .addProperty("source", cp.position.source().name())
                .addProperty("tally", json(cp.tally))
                .addProperty("pages", cp.pages)
                .addProperty("totalNics", cp.totalNics)
                .addProperty("activeMillis", cp.activeMillis)
                .addProperty("attempts", cp.attempts)
                .addProperty("resumes", cp.resumes)
                .addProperty("continuations", cp.continuations)
                .addProperty("awaitPage", cp.awaitPage);
        if (cp.isLane()) {
            e.addProperty("page", cp.page).addProperty("lane", cp.lane).addProperty("lanes", cp.lanes);
            putIf(e, "writesFrom", cp.writesFrom);
            putIf(e, "writesUntil", cp.writesUntil);
        }
        putIf(e, "leaseOwner", cp.leaseOwner);
        putIf(e, "leaseUntil", cp.leaseUntil);
        putIf(e, "token", cp.position.token());
        putIf(e, "lastKey", cp.position.lastKey());
        putIf(e, "createdAt", cp.createdAt);
        putIf(e, "startedAt", cp.startedAt);
        putIf(e, "updatedAt", cp.updatedAt);
        putIf(e, "finishedAt", cp.finishedAt);
        putIf(e, "lastError", cp.lastError == null ? null : TableText.fit(cp.lastError, TableText.SHORT));
        return e;
    }

    private Checkpoint toCheckpoint(TableEntity e) {
        String sub = str(e, "subscriptionId");
        Checkpoint cp = new Checkpoint(e.getPartitionKey(), sub == null ? e.getRowKey() : sub);
        cp.etag = e.getETag();
        if (e.getProperty("lane") instanceof Number) {
            cp.page = num(e, "page");
            cp.lane = num(e, "lane");
            cp.lanes = num(e, "lanes");
            cp.writesFrom = instant(str(e, "writesFrom"));
            cp.writesUntil = instant(str(e, "writesUntil"));
        }
        cp.awaitPage = e.getProperty("awaitPage") instanceof Number n ? n.intValue() : -1;
        cp.state = ItemState.valueOf(str(e, "state"));
        cp.segment = num(e, "segment");
        cp.leaseOwner = str(e, "leaseOwner");
        cp.leaseUntil = instant(str(e, "leaseUntil"));
        cp.position = new InventoryPosition(InventoryPosition.Source.valueOf(str(e, "source")), str(e, "token"), str(e, "lastKey"));
        cp.tally = read(str(e, "tally"), Tally.class);
        cp.pages = num(e, "pages");
        cp.totalNics = e.getProperty("totalNics") instanceof Number n ? n.longValue() : -1;
        cp.createdAt = instant(str(e, "createdAt"));
        cp.startedAt = instant(str(e, "startedAt"));
        cp.updatedAt = instant(str(e, "updatedAt"));
        cp.finishedAt = instant(str(e, "finishedAt"));
        cp.activeMillis = e.getProperty("activeMillis") instanceof Number n ? n.longValue() : 0;
        cp.attempts = num(e, "attempts");
        cp.resumes = num(e, "resumes");
        cp.continuations = num(e, "continuations");
        cp.lastError = str(e, "lastError");
        return cp;
    }

    // ---- report rows ----

    /**
     * The rows of one inventory page of one subscription share a partition, {@code <run>_<sub>_<page>}:
     * a page's rows go out in transactions of 100, no partition grows with the fleet (Table
     * Storage serves about 2,000 entities/s per partition), and a resumed page finds its rows
     * again, because the page number of an uncommitted page does not change.
     */
    static String rowPartition(String runId, String subscriptionId, int page) {
        return runId + "_" + subscriptionId + "_" + String.format("%06d", page);
    }

    /** A report row as stored: with the write lane a NIC chosen for remediation was given (null for none). */
    record StoredRow(NicRow row, Integer lane) {
    }

    void putRows(String runId, String subscriptionId, int page, List<StoredRow> rows) {
        List<TableEntity> entities = new ArrayList<>(rows.size());
        for (StoredRow row : rows) {
            entities.add(toEntity(rowPartition(runId, subscriptionId, page), row));
        }
        submit(report(), entities);
    }

    Optional<StoredRow> row(String runId, String subscriptionId, int page, String nicId) {
        return Optional.ofNullable(TableCalls.find(report(), rowPartition(runId, subscriptionId, page), AuditKeys.nicHash(nicId)))
                .map(this::toStoredRow);
    }

    /** The rows one lane of a page remediates. */
    List<StoredRow> laneRows(String runId, String subscriptionId, int page, int lane) {
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter("PartitionKey eq '"
                + rowPartition(runId, subscriptionId, page) + "' and lane eq " + lane);
        List<StoredRow> out = new ArrayList<>();
        for (TableEntity e : report().listEntities(options, null, Context.NONE)) {
            out.add(toStoredRow(e));
        }
        return out;
    }

    /** A page of one class's rows. */
    record RowPage(List<NicRow> rows, String continuation) {
    }

    RowPage rows(String runId, String compliance, int limit, String continuation) {
        String token = null;
        if (continuation != null) {
            try {
                token = new String(Base64.getUrlDecoder().decode(continuation), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw RequestRejected.badRequest("INVALID_CONTINUATION", "continuation is not one this API handed out");
            }
        }
        // '`' follows '_': the range holds exactly the run's partitions.
        ListEntitiesOptions options = new ListEntitiesOptions().setTop(limit).setFilter("PartitionKey gt '" + runId
                + "_' and PartitionKey lt '" + runId + "`' and class eq '" + compliance + "'");
        Iterator<PagedResponse<TableEntity>> pages = report().listEntities(options, null, Context.NONE)
                .iterableByPage(token).iterator();
        if (!pages.hasNext()) {
            return new RowPage(List.of(), null);
        }
        PagedResponse<TableEntity> page = pages.next();
        List<NicRow> rows = page.getValue().stream().map(this::toRow).toList();
        String next = page.getContinuationToken();
        return new RowPage(rows, next == null || next.isEmpty() ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private TableEntity toEntity(String partition, StoredRow stored) {
        NicRow row = stored.row();
        TableEntity e = new TableEntity(partition, AuditKeys.nicHash(row.nicId()))
                .addProperty("nicId", TableText.fit(row.nicId(), TableText.SHORT))
                .addProperty("subscriptionId", row.subscriptionId())
                .addProperty("class", row.compliance())
                .addProperty("reasons", TableText.reasonsJson(row.reasons()))
                .addProperty("action", row.action().name());
        putIf(e, "region", row.region());
        putIf(e, "tier", row.tier());
        if (stored.lane() != null) {
            e.addProperty("lane", stored.lane());
        }
        return e;
    }

    private StoredRow toStoredRow(TableEntity e) {
        return new StoredRow(toRow(e), e.getProperty("lane") instanceof Number n ? n.intValue() : null);
    }

    private NicRow toRow(TableEntity e) {
        return new NicRow(str(e, "nicId"), str(e, "subscriptionId"), str(e, "region"), str(e, "class"),
                TableText.reasons(str(e, "reasons")), str(e, "tier"), SweepAction.valueOf(str(e, "action")));
    }

    // ---- helpers ----

    private TableClient runs() {
        return tables.table(config.runsTable());
    }

    private TableClient checkpoints() {
        return tables.table(config.checkpointsTable());
    }

    private TableClient report() {
        return tables.table(config.reportTable());
    }

    private static void submit(TableClient table, List<TableEntity> entities) {
        for (List<TableEntity> batch : TransactionBatches.plan(entities)) {
            table.submitTransaction(batch.stream()
                    .map(e -> new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE, e)).toList());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sweep state is always JSON", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return json == null ? type.getDeclaredConstructor().newInstance() : mapper.readValue(json, type);
        } catch (JsonProcessingException | ReflectiveOperationException e) {
            throw new IllegalStateException("unreadable sweep state: " + e.getMessage(), e);
        }
    }

    private List<String> strings(String json) {
        try {
            return json == null ? List.of() : mapper.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable sweep state: " + e.getMessage(), e);
        }
    }

    private static void putIf(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value.toString());
        }
    }

    private static String str(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    private static int num(TableEntity e, String name) {
        return e.getProperty(name) instanceof Number n ? n.intValue() : 0;
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}

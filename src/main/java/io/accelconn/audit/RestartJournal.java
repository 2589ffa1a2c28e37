package io.accelconn.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;

import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The restart journal table ({@code accelconn.storage.restart-journal-table}): one row per VM,
 * PartitionKey the subscription, RowKey a hash of the VM id ({@link AuditKeys#vmRowKey}). A
 * store only: every change is conditional on the version read, and an answer of "someone else
 * changed it" is returned as empty for the caller to judge again. The rules of who may do what
 * with an entry are the enforcement's. Calls block: use worker threads.
 */
@ApplicationScoped
public class RestartJournal {

    static final String STATE = "state";

    private final Supplier<TableClient> table;

    @Inject
    RestartJournal(TableClients tables) {
        // Resolved per call (TableClients keeps it): no storage I/O before the first restart.
        this(tables::restartJournalTable);
    }

    /** Over a table that already exists. */
    public RestartJournal(TableClient table) {
        this(() -> table);
    }

    private RestartJournal(Supplier<TableClient> table) {
        this.table = table;
    }

    public Optional<RestartEntry> find(String vmId, String subscriptionId) {
        return Optional.ofNullable(TableCalls.find(table.get(), AuditKeys.partitionKey(subscriptionId),
                AuditKeys.vmRowKey(vmId))).map(RestartJournal::toEntry);
    }

    /** Creates the entry; empty when the VM already has one (then read it and judge it). */
    public Optional<RestartEntry> create(RestartEntry entry) {
        try {
            Response<Void> r = table.get().createEntityWithResponse(toEntity(entry), null, Context.NONE);
            return Optional.of(entry.withEtag(etag(r, entry)));
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 409);
            return Optional.empty();
        }
    }

    /** Replaces the entry if nobody changed it since it was read; empty when someone did. */
    public Optional<RestartEntry> replace(RestartEntry entry) {
        TableEntity e = toEntity(entry).addProperty(AuditEntities.ODATA_ETAG, entry.etag());
        try {
            Response<Void> r = table.get().updateEntityWithResponse(e, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
            return Optional.of(entry.withEtag(etag(r, entry)));
        } catch (TableServiceException ex) {
            TableCalls.requireStatus(ex, 412, 404);
            return Optional.empty();
        }
    }

    /** Open entries, of one subscription or (null) of all. */
    public List<RestartEntry> listOpen(String subscriptionId) {
        String filter = STATE + " eq 'OPEN'";
        if (subscriptionId != null) {
            filter = "PartitionKey eq " + AuditFilter.string(AuditKeys.partitionKey(subscriptionId)) + " and " + filter;
        }
        List<RestartEntry> open = new ArrayList<>();
        for (TableEntity e : table.get().listEntities(new ListEntitiesOptions().setFilter(filter), null, Context.NONE)) {
            open.add(toEntry(e));
        }
        return open;
    }

    private static TableEntity toEntity(RestartEntry r) {
        TableEntity e = new TableEntity(AuditKeys.partitionKey(r.subscriptionId()), AuditKeys.vmRowKey(r.vmId()))
                .addProperty("subscriptionId", r.subscriptionId().toLowerCase(Locale.ROOT))
                .addProperty("vmId", TableText.fit(r.vmId(), TableText.SHORT))
                .addProperty(STATE, r.state().name())
                .addProperty("startAttempts", r.startAttempts());
        AuditEntities.put(e, "priorPowerState", r.priorPowerState(), TableText.SHORT);
        AuditEntities.put(e, "source", r.source(), TableText.SHORT);
        AuditEntities.put(e, "holder", r.holder(), TableText.SHORT);
        AuditEntities.put(e, "lastError", r.lastError(), TableText.SHORT);
        time(e, "heartbeatAt", r.heartbeatAt());
        time(e, "deallocateRequestedAt", r.deallocateRequestedAt());
        time(e, "openedAt", r.openedAt());
        time(e, "closedAt", r.closedAt());
        return e;
    }

    private static RestartEntry toEntry(TableEntity e) {
        return new RestartEntry(AuditEntities.string(e, "vmId"), AuditEntities.string(e, "subscriptionId"),
                AuditEntities.string(e, "priorPowerState"), AuditEntities.string(e, "source"),
                RestartEntry.State.valueOf(AuditEntities.string(e, STATE)), AuditEntities.string(e, "holder"),
                instant(e, "heartbeatAt"), instant(e, "deallocateRequestedAt"), instant(e, "openedAt"),
                instant(e, "closedAt"), (int) AuditEntities.number(e, "startAttempts"), AuditEntities.string(e, "lastError"),
                e.getETag());
    }

    private static void time(TableEntity e, String name, Instant at) {
        if (at != null) {
            e.addProperty(name, AuditEntities.dateTime(at));
        }
    }

    private static Instant instant(TableEntity e, String name) {
        OffsetDateTime t = AuditEntities.dateTimeOf(e, name);
        return t == null ? null : t.toInstant();
    }

    private String etag(Response<Void> r, RestartEntry entry) {
        String etag = r.getHeaders().getValue(HttpHeaderName.ETAG);
        if (etag != null) {
            return AuditStore.repairedWeakEtag(etag);
        }
        return find(entry.vmId(), entry.subscriptionId()).map(RestartEntry::etag).orElse(null);
    }
}

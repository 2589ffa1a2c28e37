package io.accelconn.telemetry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableServiceException;

import io.accelconn.policy.Tier;
import io.accelconn.storage.TableCalls;
import io.accelconn.storage.TableClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The watermark table: what the Monitor pull knows of the NICs accelconn manages and of their
 * VMs, so no run pays again for what an earlier one learnt, and a restart loses nothing.
 * <ul>
 * <li>partition {@value #NIC}: one row per managed NIC (from the audit table): its tier, when
 * accelconn enabled it, and the VM it is attached to (one NIC read, trusted for a while);</li>
 * <li>partition {@value #VM}: one row per VM: its size and the watermark, the end of the last
 * minute of flow metrics stored for it;</li>
 * <li>partition {@value #STATE}: how far the audit table has been read.</li>
 * </ul>
 * The same table holds the day index of samples ({@link SampleStore}, partitions {@code index_<day>}).
 * RowKeys are hashes of the lower-cased resource ids; rows carry the ids themselves.
 */
@ApplicationScoped
public class ManagedResources {

    static final String NIC = "nic";
    static final String VM = "vm";
    static final String STATE = "state";
    static final String AUDIT_SCAN = "audit-scan";

    private static final String ID = "id";
    private static final String VM_KEY = "vmKey";
    private static final String VM_ID = "vmId";
    private static final String TIER = "tier";
    private static final String ENABLED_AT = "enabledAt";
    private static final String MAPPED_AT = "mappedAt";
    private static final String SIZE = "size";
    private static final String CHECKED_AT = "checkedAt";
    private static final String WATERMARK = "watermark";
    private static final String SCANNED_UNTIL = "scannedUntil";
    private static final String ODATA_ETAG = "odata.etag";

    /**
     * A managed NIC.
     *
     * @param vmId     the attached VM; null while unknown or when detached (then {@code mappedAt} is set)
     * @param mappedAt when {@code vmId} was read from ARM; null: never
     */
    record NicRow(String nicId, String tier, Instant enabledAt, String vmId, Instant mappedAt) {
    }

    /**
     * A VM of a managed NIC.
     *
     * @param checkedAt when {@code size} was read from ARM; null: never
     * @param watermark metrics are stored up to (not including) this minute; null: none yet
     * @param etag      the row's version, for moving the watermark without a lost update
     */
    record VmRow(String vmId, String size, Instant checkedAt, Instant watermark, String etag) {
    }

    private final Supplier<TableClient> table;

    @Inject
    ManagedResources(TableClients tables) {
        this(tables::watermarkTable);
    }

    /** Over a table that already exists. */
    public ManagedResources(TableClient table) {
        this(() -> table);
    }

    private ManagedResources(Supplier<TableClient> table) {
        this.table = table;
    }

    // ---- the audit scan ----------------------------------------------------------------------

    Optional<Instant> auditScannedUntil() {
        return read(STATE, AUDIT_SCAN).map(e -> instant(e, SCANNED_UNTIL));
    }

    void auditScanned(Instant until) {
        table.get().upsertEntity(new TableEntity(STATE, AUDIT_SCAN).addProperty(SCANNED_UNTIL, time(until)));
    }

    // ---- NICs -------------------------------------------------------------------------------

    /** Every managed NIC by lower-cased id: bounded by the fleet accelconn manages. */
    Map<String, NicRow> nics() {
        Map<String, NicRow> rows = new LinkedHashMap<>();
        for (TableEntity e : list(NIC, null)) {
            NicRow row = nicRow(e);
            rows.put(row.nicId().toLowerCase(Locale.ROOT), row);
        }
        return rows;
    }

    Optional<NicRow> nic(String nicId) {
        return read(NIC, SampleKeys.resourceKey(nicId)).map(ManagedResources::nicRow);
    }

    /** The managed NICs attached to {@code vmId}, as last read. */
    List<NicRow> nicsOf(String vmId) {
        List<NicRow> rows = new ArrayList<>();
        for (TableEntity e : list(NIC, VM_KEY + " eq '" + vmId.toLowerCase(Locale.ROOT).replace("'", "''") + "'")) {
            rows.add(nicRow(e));
        }
        return rows;
    }

    void saveNic(NicRow row) {
        TableEntity e = new TableEntity(NIC, SampleKeys.resourceKey(row.nicId())).addProperty(ID, row.nicId());
        put(e, TIER, row.tier());
        put(e, ENABLED_AT, time(row.enabledAt()));
        put(e, VM_ID, row.vmId());
        put(e, VM_KEY, row.vmId() == null ? null : row.vmId().toLowerCase(Locale.ROOT));
        put(e, MAPPED_AT, time(row.mappedAt()));
        table.get().upsertEntity(e); // replace: a NIC detached since loses its vmId
    }

    void forgetNic(String nicId) {
        delete(NIC, SampleKeys.resourceKey(nicId));
    }

    // ---- VMs --------------------------------------------------------------------------------

    /** Every VM of a managed NIC by lower-cased id. */
    Map<String, VmRow> vms() {
        Map<String, VmRow> rows = new LinkedHashMap<>();
        for (TableEntity e : list(VM, null)) {
            VmRow row = vmRow(e);
            rows.put(row.vmId().toLowerCase(Locale.ROOT), row);
        }
        return rows;
    }

    Optional<VmRow> vm(String vmId) {
        return read(VM, SampleKeys.resourceKey(vmId)).map(ManagedResources::vmRow);
    }

    /** Creates the VM's row, or updates its size, keeping its watermark. */
    void saveVmSize(String vmId, String size, Instant checkedAt) {
        TableEntity e = new TableEntity(VM, SampleKeys.resourceKey(vmId)).addProperty(ID, vmId);
        put(e, SIZE, size);
        put(e, CHECKED_AT, time(checkedAt));
        table.get().upsertEntityWithResponse(e, TableEntityUpdateMode.MERGE, null, Context.NONE);
    }

    void forgetVm(String vmId) {
        delete(VM, SampleKeys.resourceKey(vmId));
    }

    /**
     * Moves the VM's watermark to {@code to}, never back: written on the version the caller read
     * ({@code row.etag()}); when another run moved it meanwhile, the later of the two stays.
     */
    void advanceWatermark(VmRow row, Instant to) {
        VmRow current = row;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (current.watermark() != null && !to.isAfter(current.watermark())) {
                return;
            }
            TableEntity e = new TableEntity(VM, SampleKeys.resourceKey(current.vmId()))
                    .addProperty(ID, current.vmId())
                    .addProperty(WATERMARK, time(to));
            try {
                if (current.etag() == null) {
                    table.get().createEntity(e);
                } else {
                    e.addProperty(ODATA_ETAG, current.etag());
                    table.get().updateEntityWithResponse(e, TableEntityUpdateMode.MERGE, true, null, Context.NONE);
                }
                return;
            } catch (TableServiceException conflict) {
                TableCalls.requireStatus(conflict, 409, 412, 404);
                current = vm(current.vmId()).orElse(new VmRow(current.vmId(), null, null, null, null));
            }
        }
        throw new IllegalStateException("the watermark of " + row.vmId() + " kept changing under this run");
    }

    // ---- facts for reports ------------------------------------------------------------------

    /** What is known of a NIC or VM; {@code nics}/{@code vms} as {@link #nics()} and {@link #vms()} load them. */
    static ResourceFacts facts(String resourceId, boolean isVm, Map<String, NicRow> nics, Map<String, VmRow> vms) {
        String key = resourceId.toLowerCase(Locale.ROOT);
        if (isVm) {
            VmRow vm = vms.get(key);
            List<NicRow> attached = nics.values().stream()
                    .filter(n -> n.vmId() != null && n.vmId().equalsIgnoreCase(resourceId)).toList();
            return new ResourceFacts(highestTier(attached), vm == null ? null : vm.size(), earliest(attached));
        }
        NicRow nic = nics.get(key);
        if (nic == null) {
            return ResourceFacts.UNKNOWN;
        }
        VmRow vm = nic.vmId() == null ? null : vms.get(nic.vmId().toLowerCase(Locale.ROOT));
        return new ResourceFacts(nic.tier(), vm == null ? null : vm.size(), nic.enabledAt());
    }

    static String highestTier(List<NicRow> nics) {
        return nics.stream().map(n -> Tier.parse(n.tier())).flatMap(Optional::stream)
                .max(Comparator.naturalOrder()).map(Tier::name).orElse(null);
    }

    private static Instant earliest(List<NicRow> nics) {
        return nics.stream().map(NicRow::enabledAt).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
    }

    // ---- table plumbing ---------------------------------------------------------------------

    private Iterable<TableEntity> list(String partition, String andFilter) {
        String filter = "PartitionKey eq '" + partition + "'" + (andFilter == null ? "" : " and " + andFilter);
        return table.get().listEntities(new ListEntitiesOptions().setFilter(filter), null, Context.NONE);
    }

    private Optional<TableEntity> read(String partition, String rowKey) {
        return Optional.ofNullable(TableCalls.find(table.get(), partition, rowKey));
    }

    private void delete(String partition, String rowKey) {
        try {
            table.get().deleteEntity(partition, rowKey);
        } catch (TableServiceException e) {
            TableCalls.requireStatus(e, 404);
        }
    }

    private static NicRow nicRow(TableEntity e) {
        return new NicRow(text(e, ID), text(e, TIER), instant(e, ENABLED_AT), text(e, VM_ID), instant(e, MAPPED_AT));
    }

    private static VmRow vmRow(TableEntity e) {
        return new VmRow(text(e, ID), text(e, SIZE), instant(e, CHECKED_AT), instant(e, WATERMARK), e.getETag());
    }

    private static void put(TableEntity e, String name, Object value) {
        if (value != null) {
            e.addProperty(name, value);
        }
    }

    private static OffsetDateTime time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(t.toEpochMilli()), ZoneOffset.UTC);
    }

    private static String text(TableEntity e, String name) {
        Object v = e.getProperty(name);
        return v == null ? null : v.toString();
    }

    private static Instant instant(TableEntity e, String name) {
        Object v = e.getProperty(name);
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return v == null ? null : OffsetDateTime.parse(v.toString()).toInstant();
    }
}

package io.accelconn.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resourcegraph.models.QueryRequest;
import com.azure.resourcemanager.resourcegraph.models.QueryRequestOptions;
import com.azure.resourcemanager.resourcegraph.models.QueryResponse;
import com.azure.resourcemanager.resourcegraph.models.ResultFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every NIC of a set of subscriptions, for the compliance sweep. Resource Graph answers 1,000
 * NICs per query instead of ARM's pages of a few dozen, so it goes first; when it fails or is
 * switched off, the ARM list per subscription takes over. NICs from Resource Graph carry no
 * ETag (Resource Graph has none): a writer re-reads through {@link NicGateway#apply} anyway.
 * <p>
 * Rows come ordered by subscription, so when Resource Graph breaks mid-way only the
 * subscriptions not yet finished are listed again through ARM (the one in progress may repeat
 * some NICs; deciding on a NIC twice is harmless, writes are conditional).
 * <p>
 * Resource Graph allows about 15 queries per 5 seconds per caller: a local limit keeps to
 * that (never more than 15 in a window), and the {@code x-ms-user-quota-remaining} /
 * {@code -resets-after} answer headers pause the next query when the server says the window is
 * used up.
 */
@ApplicationScoped
public class FleetInventory {

    private static final Logger LOG = Logger.getLogger(FleetInventory.class);

    /**
     * Every NIC with the facts of its VM that classification needs, so a sweep reads no VM one by
     * one. ARM ids are case-insensitive, so both sides of the join are lower-cased; {@code nicKey}
     * (the lower-cased id) orders the rows, which makes a position in the walk one comparable key.
     * A left outer join keeps NICs without a VM (their VM columns come back empty).
     */
    static final String NIC_QUERY = """
            resources
            | where type =~ 'microsoft.network/networkinterfaces'
            | project id, nicKey = tolower(id), name, location, resourceGroup, subscriptionId, tags,
                auxiliaryMode = tostring(properties.auxiliaryMode),
                auxiliarySku = tostring(properties.auxiliarySku),
                enableAcceleratedNetworking = tobool(properties.enableAcceleratedNetworking),
                provisioningState = tostring(properties.provisioningState),
                vmId = tostring(properties.virtualMachine.id),
                vmKey = tolower(tostring(properties.virtualMachine.id))
            | join kind=leftouter (
                resources
                | where type =~ 'microsoft.compute/virtualmachines'
                | project vmKey = tolower(id),
                    vmSize = tostring(properties.hardwareProfile.vmSize),
                    vmPowerState = tostring(properties.extended.instanceView.powerState.code),
                    vmTimeCreated = tostring(properties.timeCreated),
                    vmTags = tags
              ) on vmKey
            | project-away vmKey, vmKey1
            | order by subscriptionId asc, nicKey asc""";

    /** Resource Graph takes at most 1,000 subscriptions per query. */
    private static final int MAX_SUBSCRIPTIONS_PER_QUERY = 1000;

    private final ArmClients arm;
    private final NicGateway nicGateway;
    /*
     * Resource Graph counts 15 queries per 5-second window; the window here is a little longer,
     * since a query reaches the service a varying time after it leaves, and two of them sent a
     * full window apart may arrive closer.
     */
    private final WindowLimit queryBudget = new WindowLimit(15, Duration.ofMillis(5_250));
    private volatile long quotaResetsAtNanos;

    @Inject
    public FleetInventory(ArmClients arm, NicGateway nicGateway) {
        this.arm = arm;
        this.nicGateway = nicGateway;
    }

    /** The NICs of {@code subscriptionIds}, lazily, a page at a time. */
    public Stream<Nic> nics(Collection<String> subscriptionIds) {
        List<String> subscriptions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : subscriptionIds) {
            if (seen.add(ResourceId.requireSubscriptionId(id).toLowerCase(Locale.ROOT))) {
                subscriptions.add(id.toLowerCase(Locale.ROOT));
            }
        }
        if (subscriptions.isEmpty()) {
            return Stream.empty();
        }
        if (!arm.config().resourceGraph().enabled()) {
            return throughArm(subscriptions);
        }
        Iterator<Nic> iterator = new GraphPages(subscriptions);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private Stream<Nic> throughArm(List<String> subscriptions) {
        return subscriptions.stream().flatMap(nicGateway::listBySubscription);
    }

    /**
     * A resumable walk through one subscription's NICs joined with their VMs, a page per call,
     * starting at {@code from} (a checkpointed {@link InventoryPage#next()}, or
     * {@link InventoryPosition#start()}). Resource Graph first; when it fails (after the pipeline's
     * retries) the walk continues through ARM's lists from where Graph stopped.
     */
    public InventoryCursor cursor(String subscriptionId, InventoryPosition from) {
        String sub = ResourceId.requireSubscriptionId(subscriptionId).toLowerCase(Locale.ROOT);
        InventoryPosition start = from == null ? InventoryPosition.start() : from;
        if (start.source() == InventoryPosition.Source.GRAPH && !arm.config().resourceGraph().enabled()) {
            start = new InventoryPosition(InventoryPosition.Source.ARM, null, start.lastKey());
        }
        return new InventoryCursor(this, arm, sub, start);
    }

    /** Every subscription the identity can read, lower-cased: the sweep's scope when no enrolled list is configured. */
    public List<String> readableSubscriptions() {
        List<String> ids = new ArrayList<>();
        // The resources manager alone: AzureResourceManager would build all twenty-one managers for one list.
        com.azure.resourcemanager.resources.ResourceManager.authenticate(arm.pipeline(), arm.profile()).subscriptions().list()
                .forEach(s -> ids.add(s.subscriptionId().toLowerCase(Locale.ROOT)));
        return ids;
    }

    QueryResponse query(List<String> subscriptions, String skipToken) {
        long wait = Math.max(queryBudget.reserve(), quotaResetsAtNanos - System.nanoTime());
        TokenBucket.sleepNanos(wait);
        QueryRequest request = new QueryRequest()
                .withSubscriptions(subscriptions)
                .withQuery(NIC_QUERY)
                .withOptions(new QueryRequestOptions()
                        .withTop(Math.min(1000, Math.max(1, arm.config().resourceGraph().pageSize())))
                        .withSkipToken(skipToken)
                        .withResultFormat(ResultFormat.OBJECT_ARRAY));
        Response<QueryResponse> response = arm.resourceGraph().resourceProviders().resourcesWithResponse(request, Context.NONE);
        noteQuota(response.getHeaders());
        return response.getValue();
    }

    private void noteQuota(HttpHeaders headers) {
        String remaining = headers.getValue("x-ms-user-quota-remaining");
        String resetsAfter = headers.getValue("x-ms-user-quota-resets-after");
        if (remaining == null || resetsAfter == null) {
            return;
        }
        try {
            if (Integer.parseInt(remaining.trim()) <= 0) {
                quotaResetsAtNanos = System.nanoTime() + parseHms(resetsAfter).toNanos();
            }
        } catch (RuntimeException e) {
            // An unreadable quota header is advice we cannot take; the local bucket still applies.
        }
    }

    /** {@code hh:mm:ss} (fractions allowed), as Resource Graph writes it. */
    static Duration parseHms(String value) {
        String[] parts = value.trim().split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not hh:mm:ss");
        }
        double seconds = Integer.parseInt(parts[0]) * 3600d + Integer.parseInt(parts[1]) * 60d + Double.parseDouble(parts[2]);
        return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    }

    /** One row of {@link #NIC_QUERY} with its VM columns; the VM is null when the NIC has none. */
    @SuppressWarnings("unchecked")
    static FleetNic toFleetNic(Map<String, Object> row) {
        Nic nic = toNic(row);
        if (nic == null) {
            return null;
        }
        Vm vm = null;
        if (nic.vmId() != null) {
            String size = text(row.get("vmSize"));
            String power = VmGateway.powerStateTail(text(row.get("vmPowerState")));
            // An unmatched left outer join leaves every VM column empty: the VM is not in the listing.
            if (size != null || power != null) {
                vm = new Vm(nic.vmId(), nic.location(), size, power, time(text(row.get("vmTimeCreated"))), List.of(),
                        tags(row.get("vmTags")));
            }
        }
        return new FleetNic(nic, vm);
    }

    private static java.time.OffsetDateTime time(String value) {
        try {
            return value == null ? null : java.time.OffsetDateTime.parse(value);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null; // only the restart grace period reads it, and it then refuses
        }
    }

    /** One Resource Graph row (projected columns, or a raw resource with {@code properties}) as a Nic. */
    @SuppressWarnings("unchecked")
    static Nic toNic(Map<String, Object> row) {
        String id = text(row.get("id"));
        if (id == null) {
            return null;
        }
        Map<String, Object> props = row.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Object vm = props.get("virtualMachine");
        String vmId = first(text(row.get("vmId")), vm instanceof Map<?, ?> m ? text(m.get("id")) : null);
        Object an = row.containsKey("enableAcceleratedNetworking") ? row.get("enableAcceleratedNetworking")
                : props.get("enableAcceleratedNetworking");
        return new Nic(id,
                first(text(row.get("subscriptionId")), NicMapping.segmentAfter(id, "subscriptions")),
                first(text(row.get("resourceGroup")), NicMapping.segmentAfter(id, "resourceGroups")),
                first(text(row.get("name")), id.substring(id.lastIndexOf('/') + 1)),
                text(row.get("location")),
                text(row.get("etag")),
                first(text(row.get("provisioningState")), text(props.get("provisioningState"))),
                first(text(row.get("auxiliaryMode")), text(props.get("auxiliaryMode"))),
                first(text(row.get("auxiliarySku")), text(props.get("auxiliarySku"))),
                Boolean.TRUE.equals(an) || "true".equalsIgnoreCase(String.valueOf(an)),
                tags(row.get("tags")),
                vmId);
    }

    private static Map<String, String> tags(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                tags.put(k.toString(), v.toString());
            }
        });
        return tags;
    }

    /** Resource Graph's tostring() turns a missing property into "": read that as absent. */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.isEmpty() ? null : s;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** Walks Resource Graph pages as the consumer asks for NICs; switches to ARM on failure. */
    private final class GraphPages implements Iterator<Nic> {

        private final List<String> subscriptions;
        private final Set<String> finished = new HashSet<>();
        private String current;
        private String skipToken;
        private boolean lastPage;
        private int chunk;
        private Iterator<Object> rows = Collections.emptyIterator();
        private Iterator<Nic> fallback;
        private Nic next;

        GraphPages(List<String> subscriptions) {
            this.subscriptions = subscriptions;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (fallback != null) {
                    if (!fallback.hasNext()) {
                        return false;
                    }
                    next = fallback.next();
                } else if (rows.hasNext()) {
                    next = take(rows.next());
                } else if (!fetch()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Nic next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Nic nic = next;
            next = null;
            return nic;
        }

        @SuppressWarnings("unchecked")
        private Nic take(Object row) {
            if (!(row instanceof Map<?, ?> map)) {
                return null;
            }
            Nic nic = toNic((Map<String, Object>) map);
            if (nic != null && nic.subscriptionId() != null) {
                String sub = nic.subscriptionId().toLowerCase(Locale.ROOT);
                if (current != null && !current.equals(sub)) {
                    finished.add(current);
                }
                current = sub;
            }
            return nic;
        }

        /** Loads the next page; false when there is none. */
        @SuppressWarnings("unchecked")
        private boolean fetch() {
            List<String> scope = chunkScope();
            if (scope == null) {
                return false;
            }
            try {
                QueryResponse page = query(scope, skipToken);
                skipToken = page.skipToken();
                if (skipToken == null || skipToken.isEmpty()) {
                    skipToken = null;
                    lastPage = true;
                }
                rows = page.data() instanceof List<?> list ? ((List<Object>) list).iterator() : Collections.emptyIterator();
            } catch (RuntimeException e) {
                List<String> left = subscriptions.stream().filter(s -> !finished.contains(s)).toList();
                LOG.warnf("Resource Graph inventory failed (%s); listing %d subscription(s) through ARM instead",
                        e.getMessage(), left.size());
                fallback = throughArm(left).iterator();
            }
            return true;
        }

        /** The subscriptions of the query in progress, moving to the next chunk of 1,000 after its last page. */
        private List<String> chunkScope() {
            if (lastPage) {
                if ((chunk + 1) * MAX_SUBSCRIPTIONS_PER_QUERY >= subscriptions.size()) {
                    return null;
                }
                chunk++;
                lastPage = false;
                if (current != null) {
                    finished.add(current);
                    current = null;
                }
            }
            int from = chunk * MAX_SUBSCRIPTIONS_PER_QUERY;
            return subscriptions.subList(from, Math.min(subscriptions.size(), from + MAX_SUBSCRIPTIONS_PER_QUERY));
        }
    }
}

package io.accelconn.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.management.polling.PollResult;
import com.azure.resourcemanager.network.fluent.NetworkInterfacesClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads and writes NICs through ARM. Every write is conditional on the ETag the decision was
 * made on; a lost race (412) means read again and decide again, never write anyway.
 */
@ApplicationScoped
public class NicGateway {

    private static final Logger LOG = Logger.getLogger(NicGateway.class);

    private final ArmClients arm;

    @Inject
    public NicGateway(ArmClients arm) {
        this.arm = arm;
    }

    /** The NIC with its ETag; empty when ARM says 404. */
    public Optional<Nic> get(String nicId) {
        return read(nicId).map(Snapshot::nic);
    }

    /**
     * All NICs of a subscription, fetched page by page as the stream is consumed (the SDK
     * follows {@code nextLink}), so a large fleet never sits in memory at once.
     */
    public Stream<Nic> listBySubscription(String subscriptionId) {
        ResourceId.requireSubscriptionId(subscriptionId);
        return pages(arm.networkInterfaces(subscriptionId).list(Context.NONE));
    }

    /** All NICs of a resource group, lazily, page by page. */
    public Stream<Nic> listByResourceGroup(String subscriptionId, String resourceGroup) {
        ResourceId.requireSubscriptionId(subscriptionId);
        ResourceId.requireResourceGroup(resourceGroup);
        return pages(arm.networkInterfaces(subscriptionId).listByResourceGroup(resourceGroup, Context.NONE));
    }

    /**
     * The NIC as one ARM read returned it, kept whole so that a write sends back every field
     * it did not mean to change, and so that a caller who already read it does not pay for a
     * second read before writing.
     */
    public static final class Snapshot {
        private final ResourceId id;
        private final Read read;
        private final Nic nic;

        private Snapshot(ResourceId id, Read read) {
            this.id = id;
            this.read = read;
            this.nic = NicMapping.toNic(read.inner, read.etagHeader);
        }

        public Nic nic() {
            return nic;
        }
    }

    /** The NIC with its ETag, ready for {@link #apply(Snapshot, Function)}; empty when ARM says 404. */
    public Optional<Snapshot> read(String nicId) {
        ResourceId id = ResourceId.parseNic(nicId);
        return read(id).map(r -> new Snapshot(id, r));
    }

    /**
     * Read the NIC, then {@link #apply(Snapshot, Function)}.
     *
     * @throws NicNotFoundException the NIC does not exist
     */
    public WriteOutcome apply(String nicId, Function<Nic, Optional<NicChange>> decide) {
        return apply(read(nicId).orElseThrow(() -> new NicNotFoundException(nicId)), decide);
    }

    /**
     * Ask {@code decide} what the NIC of {@code first} should become, write that with If-Match
     * on the ETag of that read, and wait for the operation to succeed. After a 412 the NIC is
     * read again and {@code decide} asked again on the fresh state; it may then answer empty:
     * nothing to do. The outcome's {@code after} is what was written (with a null ETag: ARM
     * changes it when the operation completes), so no read follows the write.
     *
     * @throws NicNotFoundException         the NIC disappeared during a re-read
     * @throws ConcurrentNicUpdateException every attempt lost the race (412)
     * @throws LongRunningOperationException ARM accepted the write but it did not succeed
     */
    public WriteOutcome apply(Snapshot first, Function<Nic, Optional<NicChange>> decide) {
        ResourceId id = first.id;
        String nicId = id.toString();
        NetworkInterfacesClient client = arm.networkInterfaces(id.subscriptionId());
        int maxAttempts = Math.max(1, arm.config().etagMaxAttempts());
        Read read = first.read;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                read = read(id).orElseThrow(() -> new NicNotFoundException(nicId));
            }
            Nic before = NicMapping.toNic(read.inner, read.etagHeader);
            Optional<NicChange> change = decide.apply(before);
            if (change.isEmpty() || !NicMapping.merge(read.inner, change.get())) {
                return new WriteOutcome(before, before, false, attempt);
            }
            if (before.etag() == null) {
                throw new IllegalStateException("ARM returned NIC " + nicId + " without an ETag; refusing to write without If-Match");
            }
            try {
                SyncPoller<PollResult<NetworkInterfaceInner>, NetworkInterfaceInner> poller = client.beginCreateOrUpdate(
                        id.resourceGroup(), id.name(), read.inner, IfMatchPolicy.ifMatch(before.etag()));
                LongRunningOperations.awaitSucceeded(poller, arm.config().lro(), "NIC update", nicId);
                return new WriteOutcome(before, NicMapping.toNic(read.inner, null), true, attempt);
            } catch (RuntimeException e) {
                if (!ArmErrors.isStatus(e, 412)) {
                    throw e;
                }
                LOG.debugf("NIC %s changed since ETag %s was read (412), re-reading (attempt %d of %d)",
                        nicId, before.etag(), attempt, maxAttempts);
            }
        }
        throw new ConcurrentNicUpdateException(nicId, maxAttempts);
    }

    private Optional<Read> read(ResourceId id) {
        try {
            Response<NetworkInterfaceInner> response = arm.networkInterfaces(id.subscriptionId())
                    .getByResourceGroupWithResponse(id.resourceGroup(), id.name(), null, Context.NONE);
            if (response.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new Read(response.getValue(), response.getHeaders().getValue("ETag")));
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Stream<Nic> pages(PagedIterable<NetworkInterfaceInner> paged) {
        return paged.streamByPage()
                .flatMap(page -> page.getValue().stream().map(inner -> NicMapping.toNic(inner, null)));
    }

    private record Read(NetworkInterfaceInner inner, String etagHeader) {
    }
}

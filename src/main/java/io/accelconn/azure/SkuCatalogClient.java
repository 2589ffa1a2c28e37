package io.accelconn.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import io.accelconn.policy.VmSizeSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The live VM size catalog of a region from the Resource SKUs API
 * ({@code GET /subscriptions/{id}/providers/Microsoft.Compute/skus?$filter=location eq '<region>'}).
 * The answer is several megabytes and changes rarely, so each region's list is kept for
 * {@code sku-cache-ttl}. Restrictions (per subscription and zone) are not read: eligibility is
 * about what a size can do, not where this subscription may deploy it.
 */
@ApplicationScoped
public class SkuCatalogClient {

    private static final String VIRTUAL_MACHINES = "virtualMachines";
    /** ARM region names are lower-case letters and digits; anything else must not reach the OData filter. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9]{2,40}");

    private final ArmClients arm;
    private final Clock clock;
    private final Map<String, Cached> byRegion = new ConcurrentHashMap<>();

    @Inject
    public SkuCatalogClient(ArmClients arm) {
        this(arm, Clock.systemUTC());
    }

    SkuCatalogClient(ArmClients arm, Clock clock) {
        this.arm = arm;
        this.clock = clock;
    }

    /**
     * VM sizes offered in {@code region} ("eastus2" or a display name such as "East US 2"),
     * from cache when fresh.
     */
    public List<VmSizeSpec> fetchVmSizes(String subscriptionId, String region) {
        ResourceId.requireSubscriptionId(subscriptionId);
        String location = normalizeRegion(region);
        Instant now = clock.instant();
        Cached cached = byRegion.get(location);
        if (cached != null && now.isBefore(cached.expires)) {
            return cached.sizes;
        }
        List<VmSizeSpec> sizes = fetch(subscriptionId, location);
        byRegion.put(location, new Cached(sizes, now.plus(arm.config().skuCacheTtl())));
        return sizes;
    }

    private List<VmSizeSpec> fetch(String subscriptionId, String location) {
        List<VmSizeSpec> sizes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ResourceSkuInner sku : arm.resourceSkus(subscriptionId)
                .list("location eq '" + location + "'", null, Context.NONE)) {
            if (VIRTUAL_MACHINES.equalsIgnoreCase(sku.resourceType()) && sku.name() != null
                    && seen.add(sku.name().toLowerCase(Locale.ROOT))) {
                sizes.add(toSpec(sku));
            }
        }
        return List.copyOf(sizes);
    }

    static VmSizeSpec toSpec(ResourceSkuInner sku) {
        Integer vCpus = null;
        Integer vCpusAvailable = null;
        boolean acceleratedNetworking = false;
        int maxNics = 0;
        if (sku.capabilities() != null) {
            for (ResourceSkuCapabilities capability : sku.capabilities()) {
                if (capability.name() == null) {
                    continue;
                }
                switch (capability.name()) {
                    case "vCPUs" -> vCpus = parseInt(capability.value());
                    case "vCPUsAvailable" -> vCpusAvailable = parseInt(capability.value());
                    // Missing reads as false, as the portal and az CLI read it.
                    case "AcceleratedNetworkingEnabled" -> acceleratedNetworking = "True".equalsIgnoreCase(capability.value());
                    case "MaxNetworkInterfaces" -> maxNics = orZero(parseInt(capability.value()));
                    default -> {
                    }
                }
            }
        }
        int cpus = orZero(vCpus);
        return new VmSizeSpec(sku.name(), sku.family(), cpus, vCpusAvailable != null ? vCpusAvailable : cpus,
                acceleratedNetworking, maxNics);
    }

    /** "East US 2" -> "eastus2"; refuses anything that is not a plausible ARM region name. */
    static String normalizeRegion(String region) {
        String location = region == null ? "" : region.replace(" ", "").toLowerCase(Locale.ROOT);
        if (!REGION.matcher(location).matches()) {
            throw new IllegalArgumentException("INVALID_REGION: not an ARM region name");
        }
        return location;
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private record Cached(List<VmSizeSpec> sizes, Instant expires) {
    }
}

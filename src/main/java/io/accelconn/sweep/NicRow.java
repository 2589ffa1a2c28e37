package io.accelconn.sweep;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One NIC of a run in the report table (PartitionKey the run, subscription and inventory page,
 * RowKey a hash of the NIC id). Every
 * NIC that is not compliant gets one, written with its class before any write to it, so a resumed
 * item knows what it already saw.
 *
 * @param reasons reason codes: why not compliant, why deferred, or the ARM error code of a failure
 * @param tier    the tier the NIC should have, null when none can be said
 */
@RegisterForReflection
public record NicRow(String nicId, String subscriptionId, String region,
        @com.fasterxml.jackson.annotation.JsonProperty("class") String compliance, List<String> reasons,
        String tier, SweepAction action) {

    public NicRow {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    NicRow withAction(SweepAction next, List<String> moreReasons) {
        List<String> all = new java.util.ArrayList<>(reasons);
        for (String r : moreReasons) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        return new NicRow(nicId, subscriptionId, region, compliance, all, tier, next);
    }
}

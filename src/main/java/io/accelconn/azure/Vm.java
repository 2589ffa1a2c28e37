package io.accelconn.azure;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A VM with its power state, as one ARM GET with {@code $expand=instanceView} returns it.
 *
 * @param size        e.g. {@code Standard_D8s_v5}
 * @param powerState  the {@code x} of the instance view's {@code PowerState/x} status:
 *                    {@code running}, {@code deallocated}, {@code stopped}, {@code starting},
 *                    {@code deallocating}...; null when ARM reports none
 * @param timeCreated null when ARM leaves it out (older VMs)
 * @param nicIds      ids of the attached NICs, in the order ARM lists them
 */
public record Vm(String id, String location, String size, String powerState, OffsetDateTime timeCreated,
        List<String> nicIds, Map<String, String> tags) {

    public Vm {
        nicIds = nicIds == null ? List.of() : List.copyOf(nicIds);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

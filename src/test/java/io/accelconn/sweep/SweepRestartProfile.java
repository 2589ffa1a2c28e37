package io.accelconn.sweep;

import java.util.Map;

/**
 * {@link SweepProfile} with restarts opted in ({@code restart-running-vms}), so a run may ask for
 * {@code NEEDS_REDEPLOY}; a queue of its own, so no item of another profile's app reaches it.
 */
public class SweepRestartProfile extends SweepProfile {

    static final String QUEUE = SweepProfile.QUEUE + "-restart";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = super.getConfigOverrides();
        m.put("accelconn.sweep.queue", QUEUE);
        m.put("accelconn.enforce.restart-running-vms", "true");
        return m;
    }
}

package io.accelconn.sweep;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.accelconn.testsupport.ArmEmulatorResource;
import io.accelconn.testsupport.AzuriteResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sweep against Azurite (tables and queue) and the ARM emulator: its own queue and tables,
 * Resource Graph pages of 10 so a few dozen NICs make several pages, a short lease so a
 * redelivery's takeover is quick, and a write budget that does not slow the tests (the
 * benchmark measures pacing).
 */
public class SweepProfile implements QuarkusTestProfile {

    /** Per JVM, the same in every class loader Quarkus gives the test and the profile. */
    static final String SUFFIX = Long.toString(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()
            % 2_000_000_000L, 36) + Long.toString(ProcessHandle.current().pid() % 1000, 36);
    static final String QUEUE = "sweep-test-" + SUFFIX;

    @Override
    public Map<String, String> getConfigOverrides() {
        return common();
    }

    private static Map<String, String> common() {
        Map<String, String> m = new HashMap<>();
        m.put("accelconn.sweep.queue", QUEUE);
        m.put("accelconn.sweep.runs-table", "SweepRuns" + SUFFIX);
        m.put("accelconn.sweep.checkpoints-table", "SweepCheckpoints" + SUFFIX);
        m.put("accelconn.sweep.report-table", "SweepReport" + SUFFIX);
        m.put("accelconn.sweep.item-lease", "PT3S");
        m.put("accelconn.azure.resource-graph.page-size", "10");
        m.put("accelconn.azure.throttle.writes-per-second", "200");
        m.put("accelconn.azure.retry.max-attempts", "4");
        return m;
    }

    /**
     * For the tests of the lanes' pacing: one Resource Graph page (up to 100 NICs) dealt to
     * {@code lanes} write lanes, ARM's write budget {@code writesPerSecond}, and a lease longer than
     * the page's writes.
     */
    protected Map<String, String> paced(int lanes, String writesPerSecond) {
        Map<String, String> m = common();
        m.put("accelconn.azure.resource-graph.page-size", "100");
        m.put("accelconn.azure.throttle.writes-per-second", writesPerSecond);
        m.put("accelconn.sweep.write-lanes", Integer.toString(lanes));
        m.put("accelconn.sweep.item-lease", "PT30S");
        return m;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AzuriteResource.class), new TestResourceEntry(ArmEmulatorResource.class));
    }
}

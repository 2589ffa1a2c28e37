package io.accelconn.bench;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.catalog.SizeCatalogProvider;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.EligibilityPolicy;
import io.accelconn.policy.PolicySettings;
import io.accelconn.policy.Verdict;

/**
 * Policy decisions per second on one thread, over a mix of eligible and ineligible candidates
 * with the bundled catalog. Prints figures; asserts nothing.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.bench.PolicyBenchmark</pre>
 */
public final class PolicyBenchmark {

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        EligibilityPolicy policy = new EligibilityPolicy(PolicySettings.DEFAULT,
                SizeCatalogProvider.loadBundled(new ObjectMapper()));
        Candidate[] mix = mix();

        run(policy, mix, 2_000_000_000L); // warm-up: 2 s for the JIT
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long decisions = 0;
        long eligible = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10_000; i++) {
                Verdict v = policy.evaluate(mix[i & (mix.length - 1)]);
                eligible += v.eligible() ? 1 : 0;
            }
            decisions += 10_000;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("policy: %,d decisions in %.2f s on one thread = %,.0f decisions/s (%.0f%% eligible, %d-candidate mix)%n",
                decisions, elapsed, decisions / elapsed, 100.0 * eligible / decisions, mix.length);
    }

    private static void run(EligibilityPolicy policy, Candidate[] mix, long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                policy.evaluate(mix[i & (mix.length - 1)]);
            }
        }
    }

    /** 16 candidates (a power of two for cheap indexing): real sizes, regions in several spellings, tags. */
    static Candidate[] mix() {
        String sub = "6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab";
        Map<String, String> user = Map.of("owner", "netops", "costcenter", "4711");
        return new Candidate[] {
                new Candidate("eastus2", "Standard_D8s_v4", true, sub, user, Map.of(), null, false),
                new Candidate("East US 2", "Standard_F16s_v2", true, sub, Map.of(), Map.of(), null, false),
                new Candidate("westeurope", "Standard_E32ds_v5", true, sub, user, Map.of(), "None", false),
                new Candidate("UK South", "Standard_D8s_v5", true, sub, user, Map.of(), null, false),
                new Candidate("brazilsouth", "Standard_D8s_v4", true, sub, Map.of(), Map.of(), null, false),
                new Candidate("northeurope", "Standard_B2s", true, sub, Map.of(), Map.of(), null, false),
                new Candidate("centralus", "Standard_M64ms", true, sub, Map.of("accelconn-tier", "A2"), Map.of(), null, false),
                new Candidate("westus3", "Standard_E8-2s_v4", true, sub, Map.of(), Map.of(), null, false),
                new Candidate("swedencentral", "Standard_D4s_v3", false, sub, Map.of(), Map.of(), null, false),
                new Candidate("southeastasia", "Standard_L8s_v3", true, sub, Map.of("accelconn-opt-out", "true"), Map.of(), null, false),
                new Candidate("australiaeast", "Standard_D16as_v4", true, sub, user, Map.of(), "MaxConnections", false),
                new Candidate("centralindia", "Standard_NC24ads_A100_v4", true, sub, Map.of(), Map.of(), null, true),
                new Candidate("EASTUS", "standard_ds3_v2", true, sub, user, Map.of(), null, false),
                new Candidate("westus2", "Standard_Unknown9_v9", true, sub, Map.of(), Map.of(), null, false),
                new Candidate("southcentralus", "Standard_D64s_v3", true, sub, Map.of("FastPathEnabled", "TRUE"), Map.of(),
                        "AcceleratedConnections", false),
                new Candidate("westcentralus", "Standard_E16-4s_v5", true, sub, user, Map.of(), null, false) };
    }
}

package io.accelconn.bench;

/**
 * Requests per second and p50/p99 latency of {@code POST /eligibility} under a bounded loopback
 * load, against the packaged application started as its own process (as it runs in production).
 * Prints figures; asserts nothing.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.bench.EligibilityHttpBenchmark
 * </pre>
 * Arguments (optional): connections (default 32), requests (default 300000), max seconds (default 60).
 */
public final class EligibilityHttpBenchmark {

    static final String BODY = """
            {"region":"East US 2","vmSize":"Standard_D16s_v4","acceleratedNetworking":true,
             "subscriptionId":"6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab","tags":{"owner":"netops"}}""";

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;
        try (AppProcess app = AppProcess.start(java.util.Map.of())) {
            HttpLoad.Result warm = HttpLoad.post("127.0.0.1", app.port(), "/eligibility", BODY, connections, 50_000, 20);
            System.out.println("warm-up:     " + warm);
            HttpLoad.Result r = HttpLoad.post("127.0.0.1", app.port(), "/eligibility", BODY, connections, requests, seconds);
            System.out.println("eligibility: " + r + " (" + connections + " connections, "
                    + Runtime.getRuntime().availableProcessors() + " cores shared by app and load)");
        }
    }
}

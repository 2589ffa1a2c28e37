package io.accelconn.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the ARM emulator for local runs and benchmarks in other processes.
 *
 * <pre>
 * ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-cp.txt) io.accelconn.emulator.ArmEmulatorMain \
 *      --port 8099 --seed-subscriptions 10 --seed-nics-per-subscription 10000
 * </pre>
 *
 * Options (or system properties {@code emulator.port}, {@code emulator.seedSubscriptions},
 * {@code emulator.seedNicsPerSubscription}, {@code emulator.enforceThrottling},
 * {@code emulator.asyncRetryAfterSeconds}): {@code --port N} (default 8099),
 * {@code --seed-subscriptions N}, {@code --seed-nics-per-subscription M} (default 1000 when
 * subscriptions are seeded), {@code --enforce-throttling}, {@code --async-retry-after S}.
 * Prints the base URL on the first line of stdout.
 */
public final class ArmEmulatorMain {
    private ArmEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Quarkus puts the JBoss LogManager on the classpath; it must be chosen before Vert.x logs anything.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        int port = Integer.getInteger("emulator.port", 8099);
        int subscriptions = Integer.getInteger("emulator.seedSubscriptions", 0);
        int nicsPerSubscription = Integer.getInteger("emulator.seedNicsPerSubscription", 1000);
        boolean enforceThrottling = Boolean.getBoolean("emulator.enforceThrottling");
        int retryAfter = Integer.getInteger("emulator.asyncRetryAfterSeconds", 0);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--seed-subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
                case "--seed-nics-per-subscription" -> nicsPerSubscription = Integer.parseInt(args[++i]);
                case "--enforce-throttling" -> enforceThrottling = true;
                case "--async-retry-after" -> retryAfter = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; see the javadoc of " + ArmEmulatorMain.class.getName());
                    System.exit(2);
                }
            }
        }
        ArmEmulator emulator = ArmEmulator.start(EmulatorOptions.builder().port(port)
                .enforceThrottling(enforceThrottling).asyncRetryAfterSeconds(retryAfter).build());
        System.out.println(emulator.baseUrl());
        if (subscriptions > 0) {
            FleetSummary s = emulator.seedFleet(FleetSpec.of(subscriptions, nicsPerSubscription));
            System.out.println("seeded " + s.nics() + " NICs, " + s.vms() + " VMs (" + s.acceleratedNics()
                    + " accelerated) in " + s.elapsedMillis() + " ms; subscriptions:");
            s.subscriptionIds().forEach(id -> System.out.println("  " + id));
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}

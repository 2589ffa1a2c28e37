package io.accelconn.azure;

import com.azure.core.management.AzureEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzureConfigTest {

    @Test
    void defaultsFollowArmLimits() {
        AzureConfig c = TestConfigs.of(Map.of());
        assertEquals(AzureConfig.Cloud.AzureCloud, c.cloud());
        assertEquals(AzureConfig.Authentication.DEFAULT, c.authentication());
        assertEquals(250, c.throttle().readBurst());
        assertEquals(25d, c.throttle().readsPerSecond());
        assertEquals(200, c.throttle().writeBurst());
        assertEquals(10d, c.throttle().writesPerSecond());
        assertEquals(6, c.retry().maxAttempts());
        assertEquals(Duration.ofMillis(200), c.retry().baseDelay());
        assertEquals(Duration.ofSeconds(30), c.retry().maxDelay());
        assertEquals(5, c.etagMaxAttempts());
        assertEquals(Duration.ofHours(6), c.skuCacheTtl());
        assertTrue(c.resourceGraph().enabled());
        assertEquals(1000, c.resourceGraph().pageSize());
        assertEquals(AzureEnvironment.AZURE.getResourceManagerEndpoint(),
                ArmClients.environment(c).getResourceManagerEndpoint());
    }

    @Test
    void sovereignCloudsAndCustomEndpoint() {
        AzureConfig gov = TestConfigs.of(Map.of("accelconn.azure.cloud", "AzureUSGovernment"));
        assertEquals(AzureEnvironment.AZURE_US_GOVERNMENT.getResourceManagerEndpoint(),
                ArmClients.environment(gov).getResourceManagerEndpoint());
        AzureConfig china = TestConfigs.of(Map.of("accelconn.azure.cloud", "AzureChinaCloud"));
        assertEquals(AzureEnvironment.AZURE_CHINA.getResourceManagerEndpoint(),
                ArmClients.environment(china).getResourceManagerEndpoint());
        AzureConfig custom = TestConfigs.of(Map.of("accelconn.azure.cloud", "Custom",
                "accelconn.azure.resource-manager-endpoint", "http://127.0.0.1:8099",
                "accelconn.azure.authentication", "static-token"));
        assertEquals(AzureConfig.Authentication.STATIC_TOKEN, custom.authentication());
        assertEquals("http://127.0.0.1:8099/", ArmClients.environment(custom).getResourceManagerEndpoint());
    }

    @Test
    void defaultCredentialPipelineBuildsOffline() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            ArmClients arm = new ArmClients(TestConfigs.of(Map.of("accelconn.azure.tenant-id", "contoso.onmicrosoft.com")),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), vertx, HttpTransportConfig.defaults());
            assertEquals(9, arm.pipeline().getPolicyCount());
            assertEquals("https://management.azure.com/", arm.profile().getEnvironment().getResourceManagerEndpoint());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void customCloudNeedsAnEndpoint() {
        AzureConfig c = TestConfigs.of(Map.of("accelconn.azure.cloud", "Custom"));
        assertThrows(IllegalStateException.class, () -> ArmClients.environment(c));
    }

    @Test
    void staticTokenRefusedOverPlainHttpToANonLoopbackHost() {
        AzureConfig c = TestConfigs.of(Map.of("accelconn.azure.cloud", "Custom",
                "accelconn.azure.resource-manager-endpoint", "http://arm.example.com/",
                "accelconn.azure.authentication", "static-token",
                "accelconn.azure.static-token", "t"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ArmClients(c, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), (io.vertx.core.Vertx) null,
                        HttpTransportConfig.defaults()));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }
}

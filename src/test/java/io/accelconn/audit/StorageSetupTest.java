package io.accelconn.audit;

import com.azure.data.tables.TableClient;
import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.storage.StorageConfig;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.Azurite;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Storage configuration, the table clients and the Azurite launcher the audit tests stand on. */
class StorageSetupTest {

    static StorageConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // expands ${...} in defaults, as Quarkus does
                .withMapping(StorageConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(StorageConfig.class);
    }

    @Test
    void defaultsNeedNoSettings() {
        StorageConfig c = config(Map.of());
        assertEquals(Optional.empty(), c.connectionString());
        assertEquals(Optional.empty(), c.tableEndpoint());
        assertEquals("AccelConnAudit", c.auditTable());
        assertTrue(c.createTables());
    }

    @Test
    void theFunctionsHostsStorageSettingsAreTheDefaults() {
        StorageConfig c = config(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true",
                "AzureWebJobsStorage__tableServiceUri", "https://acct.table.core.windows.net"));
        assertEquals(Optional.of("UseDevelopmentStorage=true"), c.connectionString());
        assertEquals(Optional.of("https://acct.table.core.windows.net"), c.tableEndpoint());

        StorageConfig own = config(Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true",
                "accelconn.storage.connection-string", "AccountName=x"));
        assertEquals(Optional.of("AccountName=x"), own.connectionString());
    }

    @Test
    void missingStorageFailsAtFirstUseNamingTheKeys() {
        TableClients clients = new TableClients(config(Map.of()), null, HttpTransportConfig.defaults());
        IllegalStateException e = assertThrows(IllegalStateException.class, clients::auditTable);
        assertTrue(e.getMessage().contains("accelconn.storage.connection-string"), e.getMessage());
        assertTrue(e.getMessage().contains("accelconn.storage.table-endpoint"), e.getMessage());
    }

    @Test
    void tablesAreCreatedOnceAndShared() {
        TableClients clients = new TableClients(TestTables.config(Azurite.shared().connectionString(), "AuditSetupTest"), null,
                HttpTransportConfig.defaults());
        TableClient audit = clients.auditTable();
        assertSame(audit, clients.table("AuditSetupTest"));
        assertEquals("AuditSetupTest", audit.getTableName());
        audit.listEntities().forEach(e -> { }); // the table exists
        assertThrows(IllegalArgumentException.class, () -> clients.table("bad-name"));
    }

    @Test
    void aPrivateAzuriteStartsAndStopsWithItsProcesses() throws IOException {
        int port;
        try (Azurite azurite = Azurite.start()) {
            port = azurite.port();
            assertTrue(azurite.connectionString().contains("TableEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;"));
            assertTrue(answers(port));
        }
        assertTrue(!answers(port), "closed Azurite still listens on " + port);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

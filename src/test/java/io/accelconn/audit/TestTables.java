package io.accelconn.audit;

import com.azure.data.tables.TableClient;
import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.storage.StorageConfig;
import io.accelconn.storage.TableClients;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.TestStorageConfig;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.UUID;

/** Fresh audit tables in the JVM's shared Azurite: each test class or test gets its own. */
final class TestTables {

    /**
     * The SDK logs every refused request at ERROR before throwing, though 404, 409 and 412 are
     * how claims work; the application silences it by configuration, the plain tests here.
     */
    private static final Logger SDK_TABLE_CLIENT = Logger.getLogger("com.azure.data.tables.TableClient");

    static {
        SDK_TABLE_CLIENT.setLevel(Level.OFF);
    }

    private static TableClients clients;

    private TestTables() {
    }

    static synchronized TableClients clients() {
        if (clients == null) {
            clients = new TableClients(config(Azurite.shared().connectionString(), "AccelConnAudit"), null, HttpTransportConfig.defaults());
        }
        return clients;
    }

    static TableClient fresh() {
        return clients().table("audit" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    static StorageConfig config(String connectionString, String auditTable) {
        return TestStorageConfig.of(connectionString).withAuditTable(auditTable);
    }
}

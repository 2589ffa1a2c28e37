package io.accelconn.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.TableAsyncClient;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionFailedException;

import io.accelconn.azure.HttpTransportConfig;
import io.accelconn.testsupport.Azurite;
import io.accelconn.testsupport.TestStorageConfig;
import io.vertx.core.Vertx;

/**
 * The ETags of a transaction's actions, which the SDK (12.5.8) drops from its answer, read from the
 * service's multipart answer: against Azurite they are the rows' versions, and a write conditioned
 * on one commits without reading the row again, or is refused once another writer changed the row.
 */
class TransactionEtagsTest {

    private static final TableClients CLIENTS = new TableClients(TestStorageConfig.of(Azurite.shared().connectionString()), (Vertx) null,
            HttpTransportConfig.defaults());

    @Test
    void eachSubResponseGivesItsEtagInOrder() {
        String answer = String.join("\r\n", "--batchresponse_1", "Content-Type: multipart/mixed; boundary=changesetresponse_2", "",
                "--changesetresponse_2", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "DataServiceVersion: 3.0;", "ETag: W/\"datetime'2026-11-30T07%3A07%3A07.1Z'\"", "", "",
                "--changesetresponse_2", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "DataServiceVersion: 1.0;", "", "",
                "--changesetresponse_2", "Content-Type: application/http", "Content-Transfer-Encoding: binary", "",
                "HTTP/1.1 204 No Content", "etag: W/\"datetime'2026-11-30T07%3A07%3A07.2Z'\"", "", "",
                "--changesetresponse_2--", "--batchresponse_1--", "");
        assertEquals(Arrays.asList("W/\"datetime'2026-11-30T07%3A07%3A07.1Z'\"", null, "W/\"datetime'2026-11-30T07%3A07%3A07.2Z'\""),
                TransactionEtags.etags(answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCapturedEtagIsTheRowsVersionAndConditionsTheNextWrite() {
        String name = "etags" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TableClient sync = CLIENTS.table(name);
        TableAsyncClient table = CLIENTS.asyncTable(name);
        TransactionEtags.Capture first = new TransactionEtags.Capture();
        table.submitTransactionWithResponse(List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p", "a").addProperty("n", 1)),
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p", "summary").addProperty("n", 1))))
                .contextWrite(TransactionEtags.into(first)).block();
        assertEquals(sync.getEntity("p", "a").getETag(), first.etag(0));
        assertEquals(sync.getEntity("p", "summary").getETag(), first.etag(1));
        assertNull(first.etag(2), "no third action");

        TransactionEtags.Capture second = new TransactionEtags.Capture();
        table.submitTransactionWithResponse(List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p", "b").addProperty("n", 1)),
                new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                        new TableEntity("p", "summary").addProperty("n", 2).addProperty("odata.etag", first.etag(1)), true)))
                .contextWrite(TransactionEtags.into(second)).block();
        String summary = second.etag(1);
        assertNotNull(summary);
        assertNotEquals(first.etag(1), summary);
        assertEquals(sync.getEntity("p", "summary").getETag(), summary);

        // Another writer changes the row: the version this one holds no longer commits anything.
        sync.upsertEntity(new TableEntity("p", "summary").addProperty("n", 3));
        TableTransactionAction stale = new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE,
                new TableEntity("p", "summary").addProperty("n", 4).addProperty("odata.etag", summary), true);
        assertThrows(TableTransactionFailedException.class, () -> table.submitTransaction(List.of(
                new TableTransactionAction(TableTransactionActionType.CREATE, new TableEntity("p", "c").addProperty("n", 1)),
                stale)).block());
        assertEquals(3, ((Number) sync.getEntity("p", "summary").getProperty("n")).intValue());
        assertEquals(2, sync.listEntities().stream().filter(e -> !e.getRowKey().equals("summary")).count(), "c rolled back");
    }
}

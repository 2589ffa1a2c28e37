package io.accelconn.storage;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;

/**
 * Table answers that are outcomes, not failures: 404 (not there), 409 (someone created it first),
 * 412 (someone changed it first). Every conditional write of accelconn's tables (claims, records,
 * the restart journal, the sweep's runs and checkpoints) tells these apart from real failures here.
 */
public final class TableCalls {

    private TableCalls() {
    }

    /** Returns when {@code e} has one of the {@code expected} statuses; rethrows it otherwise. */
    public static void requireStatus(TableServiceException e, int... expected) {
        int status = status(e);
        for (int s : expected) {
            if (status == s) {
                return;
            }
        }
        throw e;
    }

    /** The HTTP status of {@code e}; -1 when it carries no response. */
    public static int status(TableServiceException e) {
        return e.getResponse() == null ? -1 : e.getResponse().getStatusCode();
    }

    /** The entity, or null when the table has none under these keys. */
    public static TableEntity find(TableClient table, String partitionKey, String rowKey) {
        try {
            return table.getEntityWithResponse(partitionKey, rowKey, null, null, Context.NONE).getValue();
        } catch (TableServiceException e) {
            requireStatus(e, 404);
            return null;
        }
    }
}

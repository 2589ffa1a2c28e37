package io.accelconn.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.accelconn.testsupport.SharedReference;

/** Resource ids, sample bodies and table reads shared by the telemetry tests. */
final class TelemetryFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SUB = "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f";
    static final String CAPTURE = SharedReference.text("cps/CPS_Example_Results_Client.virtualclient.txt");

    private TelemetryFixtures() {
    }

    /** A NIC no other test writes samples for. */
    static String freshNic() {
        return "/subscriptions/" + SUB + "/resourceGroups/rg-cps/providers/Microsoft.Network/networkInterfaces/nic-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    static String freshVm() {
        return "/subscriptions/" + SUB + "/resourceGroups/rg-cps/providers/Microsoft.Compute/virtualMachines/vm-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    static ObjectNode sample(String resourceId, Instant t, double cps) {
        return JSON.createObjectNode().put("resourceId", resourceId).put("timestamp", t.toString()).put("cps", cps);
    }

    static ArrayNode array(List<ObjectNode> samples) {
        ArrayNode a = JSON.createArrayNode();
        samples.forEach(a::add);
        return a;
    }

    /** Samples of a resource's UTC day as stored, read back from its hours' entities. */
    static List<CpsSample> stored(TableClient table, String resourceId, Instant day) {
        List<CpsSample> out = new ArrayList<>();
        for (TableEntity hour : hours(table, resourceId, day)) {
            out.addAll(SampleEntities.toHour(hour).samples().values());
        }
        return out;
    }

    /** The entities of a resource's UTC day that hold its samples, an hour of a source and kind each (the summary row left out). */
    static List<TableEntity> hours(TableClient table, String resourceId, Instant day) {
        String pk = SampleKeys.partitionKey(SampleKeys.resourceKey(resourceId), SampleKeys.day(day));
        List<TableEntity> out = new ArrayList<>();
        table.listEntities(new ListEntitiesOptions().setFilter("PartitionKey eq '" + pk + "' and RowKey lt '~'"), null,
                Context.NONE).forEach(out::add);
        return out;
    }
}

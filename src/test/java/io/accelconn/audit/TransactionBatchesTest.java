package io.accelconn.audit;

import com.azure.data.tables.models.TableEntity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransactionBatchesTest {

    @Test
    void batchesHoldOnePartitionAndAtMostAHundredEntities() {
        List<TableEntity> entities = new ArrayList<>();
        int[] perPartition = {150, 60, 40};
        for (int i = 0; i < 250; i++) {
            // interleaved, as a sweep over several subscriptions produces them
            int p = i % 5 < 3 ? 0 : (i % 5 == 3 ? 1 : 2);
            entities.add(new TableEntity("p" + p, "r" + i));
        }
        List<List<TableEntity>> batches = TransactionBatches.plan(entities);
        Set<String> seen = new HashSet<>();
        for (List<TableEntity> batch : batches) {
            assertTrue(batch.size() <= TransactionBatches.MAX_ENTITIES);
            assertEquals(1, batch.stream().map(TableEntity::getPartitionKey).distinct().count());
            batch.forEach(e -> assertTrue(seen.add(e.getPartitionKey() + "/" + e.getRowKey())));
        }
        assertEquals(250, seen.size());
        assertEquals(perPartition.length + 1, batches.size(), "p0's 150 need two transactions");
    }

    @Test
    void aRepeatedEntityIsWrittenOnceAsItsLastVersion() {
        List<TableEntity> entities = List.of(
                new TableEntity("p", "a").addProperty("v", 1),
                new TableEntity("p", "b").addProperty("v", 1),
                new TableEntity("p", "a").addProperty("v", 2));
        List<List<TableEntity>> batches = TransactionBatches.plan(entities);
        assertEquals(1, batches.size());
        assertEquals(2, batches.get(0).size());
        TableEntity a = batches.get(0).stream().filter(e -> e.getRowKey().equals("a")).findFirst().orElseThrow();
        assertEquals(2, a.getProperty("v"));
    }

    @Test
    void bigEntitiesAreSplitBySize() {
        List<TableEntity> entities = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            entities.add(new TableEntity("p", "r" + i).addProperty("before", "€".repeat(30_000))
                    .addProperty("after", "€".repeat(30_000)));
        }
        List<List<TableEntity>> batches = TransactionBatches.plan(entities);
        assertTrue(batches.size() > 1);
        for (List<TableEntity> batch : batches) {
            long bytes = batch.stream().mapToLong(TransactionBatches::estimatedBytes).sum();
            assertTrue(bytes <= TransactionBatches.MAX_BYTES, () -> bytes + " bytes");
        }
        assertEquals(60, batches.stream().mapToInt(List::size).sum());
    }

    @Test
    void typedValuesAreBoundedByTheirLongestText() {
        long empty = TransactionBatches.estimatedBytes(new TableEntity("p", "r"));
        List<Object> longest = List.of(Long.MIN_VALUE, -2.2250738585072014E-308, Integer.MIN_VALUE, Boolean.FALSE,
                java.time.OffsetDateTime.parse("+999999999-12-31T23:59:59.999999999-18:00"));
        for (Object v : longest) {
            // the property "v": its name counted twice ("v" quoted: 3 bytes), 48 for the annotation
            long value = TransactionBatches.estimatedBytes(new TableEntity("p", "r").addProperty("v", v)) - empty - 2 * 3 - 48;
            assertTrue(value >= v.toString().length() + 2, () -> v + " is longer than its bound " + value);
        }
    }

    @Test
    void binaryCountsAsItsBase64() {
        byte[] digest = new byte[60_000];
        long bytes = TransactionBatches.estimatedBytes(new TableEntity("p", "r").addProperty("digest", digest));
        long base64 = java.util.Base64.getEncoder().encode(digest).length;
        assertTrue(bytes >= base64 + 2, () -> bytes + " bytes for " + base64 + " of Base64");
        assertTrue(bytes < base64 + 2_000, () -> bytes + " bytes for " + base64 + " of Base64");
    }
}

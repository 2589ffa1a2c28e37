package io.accelconn.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.azure.data.tables.models.TableEntity;

import io.accelconn.azure.ResourceId;

/** An hour's entity holds its samples exactly: every field, every absent one, in time order. */
class SampleEntitiesTest {

    static final ResourceId NIC = ResourceId.parse("/subscriptions/6f1a3b2c-0d4e-4f5a-8b9c-0123456789ab/resourceGroups/rg"
            + "/providers/Microsoft.Network/networkInterfaces/fw-nic0");
    static final Instant HOUR = Instant.parse("2026-11-29T13:00:00Z");

    static CpsSample full(long offsetMillis) {
        return new CpsSample(NIC, HOUR.plusMillis(offsetMillis), SampleKind.INTERVAL, CpsSample.CPS_TOOL, 31250.5, 1500L, 3L,
                new SynRtt(1.0, 6221.0, null, 7.5, 8.0, 9.0, 54222.0, 1e9, 0.0), 3.2825, 1.25, List.of("after", "fw-test-3"));
    }

    static CpsSample bare(long offsetMillis) {
        return new CpsSample(NIC, HOUR.plusMillis(offsetMillis), SampleKind.INTERVAL, CpsSample.CPS_TOOL, 0.0, null, null,
                null, null, null, null);
    }

    static SampleHour hour(CpsSample... samples) {
        TreeMap<Long, CpsSample> byTime = new TreeMap<>();
        for (CpsSample s : samples) {
            byTime.put(s.timestamp().toEpochMilli(), s);
        }
        return new SampleHour(SampleKeys.partitionKey(samples[0]), SampleKeys.rowKey(samples[0]), NIC, CpsSample.CPS_TOOL,
                SampleKind.INTERVAL, byTime, null);
    }

    @Test
    void everyFieldAndEveryAbsenceComesBack() {
        SampleHour h = hour(full(3_599_999), bare(0), full(1_000));
        TableEntity e = SampleEntities.toEntity(h, SampleEntities.encode(h));
        assertEquals("20261129T13_cps-tool_i", e.getRowKey());
        assertEquals(3, e.getProperty(SampleEntities.COUNT));
        assertEquals(NIC.toString(), e.getProperty(SampleEntities.RESOURCE_ID));
        SampleHour back = SampleEntities.toHour(e);
        assertEquals(List.of(bare(0), full(1_000), full(3_599_999)), List.copyOf(back.samples().values()));
    }

    @Test
    void aLargeHourIsSplitIntoChunksOfAtMost64KiB() {
        CpsSample[] many = new CpsSample[3_600];
        for (int i = 0; i < many.length; i++) {
            many[i] = full(i * 1_000L);
        }
        SampleHour h = hour(many);
        byte[] encoded = SampleEntities.encode(h);
        assertTrue(encoded.length <= SampleEntities.MAX_HOUR_BYTES, "an hour of the tool's seconds fits: " + encoded.length);
        TableEntity e = SampleEntities.toEntity(h, encoded);
        int chunks = (int) e.getProperty(SampleEntities.CHUNKS);
        assertEquals((encoded.length + SampleEntities.CHUNK_BYTES - 1) / SampleEntities.CHUNK_BYTES, chunks);
        for (int i = 0; i < chunks; i++) {
            assertTrue(((byte[]) e.getProperty(SampleEntities.CHUNK + i)).length <= SampleEntities.CHUNK_BYTES);
        }
        assertEquals(List.of(many), List.copyOf(SampleEntities.toHour(e).samples().values()));
    }

    @Test
    void mergingTellsWhatIsNewWhatIsReplacedAndWhatWasThere() {
        SampleHour stored = hour(full(0), bare(1_000));
        SampleHour.Merge same = stored.merge(hour(full(0)).samples());
        assertFalse(same.changes(), "a sample sent again alike changes nothing");
        SampleHour.Merge added = stored.merge(hour(full(0), full(2_000)).samples());
        assertEquals(List.of(full(2_000)), List.copyOf(added.added().values()));
        assertFalse(added.replaces());
        assertEquals(3, added.hour().samples().size());
        SampleHour.Merge replaced = stored.merge(hour(full(1_000)).samples());
        assertTrue(replaced.replaces());
        assertTrue(replaced.added().isEmpty());
        assertEquals(full(1_000), replaced.hour().samples().get(HOUR.toEpochMilli() + 1_000));
    }

    @Test
    void anEntityOfAnotherFormatIsRefusedNotMisread() {
        SampleHour h = hour(full(0));
        TableEntity e = SampleEntities.toEntity(h, SampleEntities.encode(h)).addProperty(SampleEntities.FORMAT, 2);
        assertThrows(IllegalStateException.class, () -> SampleEntities.toHour(e));
    }

    @Test
    void anEntityPerSampleAsTheFirstVersionStoredThemIsStillReadByReports() {
        TableEntity old = new TableEntity("pk", "20261129T130512345_cps-tool_i_0123456789abcdef")
                .addProperty("resourceId", NIC.toString())
                .addProperty("timestamp", OffsetDateTime.parse("2026-11-29T13:05:12.345Z"))
                .addProperty("source", "cps-tool").addProperty("kind", "interval").addProperty("cps", 25208.0)
                .addProperty("activeConnections", 1500L).addProperty("synRttP50Us", 6221.0).addProperty("labels", "before,lab");
        assertEquals(List.of(new StoredSample(Instant.parse("2026-11-29T13:05:12.345Z"), "cps-tool", SampleKind.INTERVAL, 25208.0,
                1500.0, 6221.0, null, Phase.BEFORE)), SampleEntities.toStored(old));
        assertTrue(old.getRowKey().compareTo(SampleKeys.hourPrefix(HOUR)) >= 0
                && old.getRowKey().compareTo(SampleKeys.hourPrefix(HOUR.plusSeconds(3600))) < 0, "read with its hour");
    }
}

package io.accelconn.telemetry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.azure.data.tables.models.TableEntity;

import io.accelconn.azure.ResourceId;

/**
 * Samples as Table entities: one entity holds the samples of one resource, UTC hour, source and
 * kind (a {@link SampleHour}), in a compact binary form split over properties of at most 64 KiB.
 * <p>
 * Why not an entity per sample: every entity costs the service the same work whatever it holds
 * (Azure Table Storage's targets are entities per second: 2,000 per partition, 20,000 per account),
 * and an hour of Monitor's minutes is 60 entities one way and one the other. A report reads a day
 * of a resource in at most 24 entities per source. The readable columns beside the samples
 * ({@code resourceId}, {@code source}, {@code kind}, {@code hour}, {@code samples}) tell a person
 * browsing the table what an entity holds.
 */
final class SampleEntities {

    static final String RESOURCE_ID = "resourceId";
    static final String SOURCE = "source";
    static final String KIND = "kind";
    static final String HOUR = "hour";
    static final String COUNT = "samples";
    static final String FORMAT = "format";
    static final String CHUNKS = "chunks";
    /** Columns of an entity per sample, as 0.1.0 stored them before the hours' entities. */
    private static final String SAMPLE_TIME = "timestamp";
    private static final String SAMPLE_LABELS = "labels";
    /** The encoded samples: {@code s0}, {@code s1}, ... in order. */
    static final String CHUNK = "s";
    /** The encoding's version, so a later one can still read these. */
    static final int CURRENT_FORMAT = 1;
    /** A binary property holds at most 64 KiB. */
    static final int CHUNK_BYTES = 64 * 1024;
    /**
     * The most an hour's samples may take encoded: with the other properties well under an
     * entity's 1 MiB, and in Base64 under a transaction's 4 MiB with the summary row. It holds
     * 3,600 samples (one a second) of the cps tool with every field set, 30,000 of Monitor's.
     */
    static final int MAX_HOUR_BYTES = 12 * CHUNK_BYTES;

    private static final int ACTIVE = 1;
    private static final int FAILED = 1 << 1;
    private static final int RETRANSMIT_PERCENT = 1 << 2;
    private static final int RETRANSMITS_PER_CONNECTION = 1 << 3;
    private static final int LABELS = 1 << 4;
    private static final int SYN_RTT = 1 << 5;

    private SampleEntities() {
    }

    /** The encoded samples of {@code hour}: what {@link #toEntity} stores, to check its size first. */
    static byte[] encode(SampleHour hour) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * hour.samples().size() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(hour.samples().size());
            for (CpsSample s : hour.samples().values()) {
                write(out, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    /** @param encoded {@link #encode}{@code (hour)}, at most {@link #MAX_HOUR_BYTES} */
    static TableEntity toEntity(SampleHour hour, byte[] encoded) {
        TableEntity e = new TableEntity(hour.partitionKey(), hour.rowKey())
                .addProperty(RESOURCE_ID, hour.resource().toString())
                .addProperty(SOURCE, hour.source())
                .addProperty(KIND, hour.kind().wireName())
                .addProperty(HOUR, OffsetDateTime.ofInstant(hour.start(), ZoneOffset.UTC))
                .addProperty(COUNT, hour.samples().size())
                .addProperty(FORMAT, CURRENT_FORMAT);
        int chunks = 0;
        for (int from = 0; from < encoded.length; from += CHUNK_BYTES) {
            e.addProperty(CHUNK + chunks++, Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + CHUNK_BYTES)));
        }
        return e.addProperty(CHUNKS, chunks);
    }

    /** An hour as stored, with its ETag. */
    static SampleHour toHour(TableEntity e) {
        ResourceId resource = ResourceId.parse(String.valueOf(e.getProperty(RESOURCE_ID)));
        String source = String.valueOf(e.getProperty(SOURCE));
        SampleKind kind = SampleKind.parse(String.valueOf(e.getProperty(KIND)));
        if (kind == null || !(e.getProperty(FORMAT) instanceof Number f) || f.intValue() != CURRENT_FORMAT) {
            throw new IllegalStateException("CPS samples " + e.getPartitionKey() + "/" + e.getRowKey()
                    + " are not in a format this version reads");
        }
        NavigableMap<Long, CpsSample> samples = new TreeMap<>();
        for (CpsSample s : decode(e, resource, source, kind)) {
            samples.put(s.timestamp().toEpochMilli(), s);
        }
        return new SampleHour(e.getPartitionKey(), e.getRowKey(), resource, source, kind, samples, e.getETag());
    }

    /**
     * The samples of a stored entity as a report reads them, in time order: an hour's, or the one
     * sample of an entity that 0.1.0 wrote before the hours' entities (its RowKey starts with its
     * time to the millisecond, so it falls in its hour's range; retention deletes it with its day).
     */
    static List<StoredSample> toStored(TableEntity e) {
        if (e.getProperty(FORMAT) == null && e.getProperty(SAMPLE_TIME) instanceof OffsetDateTime t) {
            Object labels = e.getProperty(SAMPLE_LABELS);
            return List.of(new StoredSample(t.toInstant(), String.valueOf(e.getProperty(SOURCE)),
                    SampleKind.parse(String.valueOf(e.getProperty(KIND))), number(e.getProperty("cps")),
                    number(e.getProperty("activeConnections")), number(e.getProperty("synRttP50Us")),
                    number(e.getProperty("synRttP99Us")),
                    Phase.ofLabels(labels == null || labels.toString().isEmpty() ? List.of() : List.of(labels.toString().split(",")))));
        }
        return toHour(e).samples().values().stream().map(StoredSample::of).toList();
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : v instanceof String s && !s.isEmpty() ? Double.valueOf(s) : null;
    }

    private static List<CpsSample> decode(TableEntity e, ResourceId resource, String source, SampleKind kind) {
        int chunks = ((Number) e.getProperty(CHUNKS)).intValue();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            joined.writeBytes((byte[]) e.getProperty(CHUNK + i));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(joined.toByteArray()))) {
            int count = in.readInt();
            List<CpsSample> samples = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                samples.add(read(in, resource, source, kind));
            }
            return samples;
        } catch (IOException ex) {
            throw new IllegalStateException("CPS samples " + e.getPartitionKey() + "/" + e.getRowKey() + " are cut short", ex);
        }
    }

    private static void write(DataOutputStream out, CpsSample s) throws IOException {
        int flags = (s.activeConnections() != null ? ACTIVE : 0) | (s.failedConnections() != null ? FAILED : 0)
                | (s.retransmitPercent() != null ? RETRANSMIT_PERCENT : 0)
                | (s.retransmitsPerConnection() != null ? RETRANSMITS_PER_CONNECTION : 0)
                | (s.labels().isEmpty() ? 0 : LABELS) | (s.synRtt().isEmpty() ? 0 : SYN_RTT);
        out.writeLong(s.timestamp().toEpochMilli());
        out.writeDouble(s.cps());
        out.writeByte(flags);
        if (s.activeConnections() != null) {
            out.writeLong(s.activeConnections());
        }
        if (s.failedConnections() != null) {
            out.writeLong(s.failedConnections());
        }
        if (s.retransmitPercent() != null) {
            out.writeDouble(s.retransmitPercent());
        }
        if (s.retransmitsPerConnection() != null) {
            out.writeDouble(s.retransmitsPerConnection());
        }
        if (!s.labels().isEmpty()) {
            // Labels are validated to [a-z0-9._-]: a comma never occurs in one.
            out.writeUTF(String.join(",", s.labels()));
        }
        if (!s.synRtt().isEmpty()) {
            Double[] rtt = rtt(s.synRtt());
            int present = 0;
            for (int i = 0; i < rtt.length; i++) {
                present |= rtt[i] != null ? 1 << i : 0;
            }
            out.writeShort(present);
            for (Double v : rtt) {
                if (v != null) {
                    out.writeDouble(v);
                }
            }
        }
    }

    private static CpsSample read(DataInputStream in, ResourceId resource, String source, SampleKind kind) throws IOException {
        Instant t = Instant.ofEpochMilli(in.readLong());
        double cps = in.readDouble();
        int flags = in.readByte();
        Long active = (flags & ACTIVE) != 0 ? in.readLong() : null;
        Long failed = (flags & FAILED) != 0 ? in.readLong() : null;
        Double retransmitPercent = (flags & RETRANSMIT_PERCENT) != 0 ? in.readDouble() : null;
        Double retransmitsPerConnection = (flags & RETRANSMITS_PER_CONNECTION) != 0 ? in.readDouble() : null;
        List<String> labels = (flags & LABELS) != 0 ? List.of(in.readUTF().split(",")) : List.of();
        SynRtt synRtt = SynRtt.NONE;
        if ((flags & SYN_RTT) != 0) {
            int present = in.readShort();
            Double[] rtt = new Double[9];
            for (int i = 0; i < rtt.length; i++) {
                rtt[i] = (present & 1 << i) != 0 ? in.readDouble() : null;
            }
            synRtt = new SynRtt(rtt[0], rtt[1], rtt[2], rtt[3], rtt[4], rtt[5], rtt[6], rtt[7], rtt[8]);
        }
        return new CpsSample(resource, t, kind, source, cps, active, failed, synRtt, retransmitPercent,
                retransmitsPerConnection, labels);
    }

    private static Double[] rtt(SynRtt r) {
        return new Double[] {r.p25(), r.p50(), r.mean(), r.p75(), r.p90(), r.p95(), r.p99(), r.p999(), r.p9999()};
    }

    /** The start of {@code t}'s UTC hour. */
    static Instant hourOf(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}

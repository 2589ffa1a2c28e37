package io.accelconn.azure;

import io.accelconn.policy.Tags;

import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.models.NetworkInterfaceAuxiliaryMode;
import com.azure.resourcemanager.network.models.NetworkInterfaceAuxiliarySku;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Between the SDK's NetworkInterfaceInner and our Nic; and the merge of a NicChange into a NIC. */
final class NicMapping {

    private NicMapping() {
    }

    /**
     * Lenient on purpose: ids ARM itself returns are trusted, and one odd NIC must not break a
     * 100,000-NIC listing. Strict parsing is for ids from outside (ResourceId.parse).
     */
    static Nic toNic(NetworkInterfaceInner inner, String etagFallback) {
        String id = inner.id();
        return new Nic(id, segmentAfter(id, "subscriptions"), segmentAfter(id, "resourceGroups"), inner.name(),
                inner.location(), inner.etag() != null ? inner.etag() : etagFallback,
                inner.provisioningState() == null ? null : inner.provisioningState().toString(),
                inner.auxiliaryMode() == null ? null : inner.auxiliaryMode().toString(),
                inner.auxiliarySku() == null ? null : inner.auxiliarySku().toString(),
                Boolean.TRUE.equals(inner.enableAcceleratedNetworking()),
                withoutNulls(inner.tags()),
                inner.virtualMachine() == null ? null : inner.virtualMachine().id());
    }

    /**
     * Applies {@code change} to {@code inner} (the body just read, so every other property is
     * written back as ARM gave it). Returns false when the NIC already matches: then nothing
     * must be written. Tag names compare case-insensitively, as ARM treats them; a tag whose
     * name differs only in case but has the desired value is left as it is.
     */
    static boolean merge(NetworkInterfaceInner inner, NicChange change) {
        boolean changed = false;
        if (change.auxiliaryMode() != null && !sameEnum(inner.auxiliaryMode(), change.auxiliaryMode())) {
            inner.withAuxiliaryMode(NetworkInterfaceAuxiliaryMode.fromString(change.auxiliaryMode()));
            changed = true;
        }
        if (change.auxiliarySku() != null && !sameEnum(inner.auxiliarySku(), change.auxiliarySku())) {
            inner.withAuxiliarySku(NetworkInterfaceAuxiliarySku.fromString(change.auxiliarySku()));
            changed = true;
        }
        Map<String, String> tags = new LinkedHashMap<>(withoutNulls(inner.tags()));
        for (Map.Entry<String, String> wanted : change.tags().entrySet()) {
            String existingKey = Tags.findKey(tags, wanted.getKey());
            if (existingKey != null && wanted.getValue().equals(tags.get(existingKey))) {
                continue;
            }
            if (existingKey != null) {
                tags.remove(existingKey);
            }
            tags.put(wanted.getKey(), wanted.getValue());
            changed = true;
        }
        if (changed) {
            inner.withTags(tags);
        }
        return changed;
    }

    private static boolean sameEnum(Object current, String wanted) {
        String now = current == null ? Nic.NONE : current.toString();
        return now.equalsIgnoreCase(wanted);
    }

    static Map<String, String> withoutNulls(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** The segment after {@code keyword} in an ARM id, null if absent. */
    static String segmentAfter(String id, String keyword) {
        if (id == null) {
            return null;
        }
        String lower = id.toLowerCase(Locale.ROOT);
        String marker = "/" + keyword.toLowerCase(Locale.ROOT) + "/";
        int at = lower.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = id.indexOf('/', start);
        return end < 0 ? id.substring(start) : id.substring(start, end);
    }
}

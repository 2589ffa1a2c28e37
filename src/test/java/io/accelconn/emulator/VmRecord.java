package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One stored VM: ARM JSON bytes plus what is read often: power state (kept apart from the body,
 * as ARM keeps it in the instance view), a version for the {@code "n"} etag, and its NIC ids.
 */
record VmRecord(String id, String location, byte[] json, String powerState, long version, List<String> nicIds) {

    VmRecord withPowerState(String state) {
        return new VmRecord(id, location, json, state, version, nicIds);
    }

    String etag() {
        return "\"" + version + "\"";
    }

    ObjectNode body() {
        return Json.parseObject(json);
    }

    String vmSize() {
        return body().path("properties").path("hardwareProfile").path("vmSize").asText(null);
    }
}

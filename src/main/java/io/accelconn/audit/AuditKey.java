package io.accelconn.audit;

/** Where one (event, NIC) lives in the audit table. */
record AuditKey(String partitionKey, String rowKey) {
}

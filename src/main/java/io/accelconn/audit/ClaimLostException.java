package io.accelconn.audit;

/**
 * The claim was taken over (its lease expired) or released before this worker completed it:
 * another worker owns the (event, NIC) now, so this worker's record must not overwrite it.
 */
public class ClaimLostException extends RuntimeException {

    private final String partitionKey;
    private final String rowKey;

    public ClaimLostException(String partitionKey, String rowKey) {
        super("the audit claim " + partitionKey + "/" + rowKey + " was taken over or released by another worker");
        this.partitionKey = partitionKey;
        this.rowKey = rowKey;
    }

    public String partitionKey() {
        return partitionKey;
    }

    public String rowKey() {
        return rowKey;
    }
}

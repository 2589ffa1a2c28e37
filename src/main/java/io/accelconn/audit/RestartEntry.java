package io.accelconn.audit;

import java.time.Instant;

/**
 * One VM's entry in the restart journal: accelconn writes it before it stop-deallocates a VM and
 * closes it once the VM runs again. While {@code OPEN} it is also the VM-level lock: one restart
 * cycle per VM at a time.
 *
 * @param vmId                  the VM's ARM id
 * @param subscriptionId        the VM's subscription: the journal's PartitionKey
 * @param priorPowerState       the power state before accelconn touched it; only {@code running} VMs are restarted
 * @param source                the event id or sweep run id that opened it
 * @param state                 {@code OPEN} until the VM runs again, then {@code CLOSED}
 * @param holder                the cycle working on it now, null when none is (a finisher may act at once)
 * @param heartbeatAt           when its holder last said it is alive
 * @param deallocateRequestedAt when the deallocation was asked for; null = the VM was never deallocated by this entry
 * @param openedAt              when it was opened
 * @param closedAt              when it was closed, null while open
 * @param startAttempts         start requests made for it so far
 * @param lastError             why the last step failed, e.g. {@code VM_START_FAILED OperationNotAllowed}; null when none did
 * @param etag                  the entity version read; every change is conditional on it
 */
public record RestartEntry(String vmId, String subscriptionId, String priorPowerState, String source, State state,
        String holder, Instant heartbeatAt, Instant deallocateRequestedAt, Instant openedAt, Instant closedAt,
        int startAttempts, String lastError, String etag) {

    public enum State {
        OPEN, CLOSED
    }

    /** A new open entry held by {@code holder}. */
    public static RestartEntry open(String vmId, String subscriptionId, String priorPowerState, String source,
            String holder, Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, State.OPEN, holder, now, null, now, null,
                0, null, null);
    }

    /** Opened again for a new cycle (a closed entry is reused: one row per VM). */
    public RestartEntry reopened(String priorPowerState, String source, String newHolder, Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, State.OPEN, newHolder, now, null, now, null,
                0, null, etag);
    }

    public RestartEntry heldBy(String newHolder, Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, state, newHolder, now, deallocateRequestedAt,
                openedAt, closedAt, startAttempts, lastError, etag);
    }

    public RestartEntry deallocating(Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, state, holder, now, now, openedAt, closedAt,
                startAttempts, lastError, etag);
    }

    public RestartEntry starting(Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, state, holder, now, deallocateRequestedAt,
                openedAt, closedAt, startAttempts + 1, lastError, etag);
    }

    /** Still open, held by nobody, with why the last step failed: any finisher may carry on. */
    public RestartEntry released(String error, Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, state, null, now, deallocateRequestedAt,
                openedAt, closedAt, startAttempts, error == null ? lastError : error, etag);
    }

    public RestartEntry closed(String note, Instant now) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, State.CLOSED, null, now, deallocateRequestedAt,
                openedAt, now, startAttempts, note == null ? lastError : note, etag);
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    RestartEntry withEtag(String newEtag) {
        return new RestartEntry(vmId, subscriptionId, priorPowerState, source, state, holder, heartbeatAt,
                deallocateRequestedAt, openedAt, closedAt, startAttempts, lastError, newEtag);
    }
}

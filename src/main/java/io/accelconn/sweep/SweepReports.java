package io.accelconn.sweep;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code POST /sweep} and {@code GET /sweep-report} answer. */
public final class SweepReports {

    private SweepReports() {
    }

    /** {@code POST /sweep}: 202 with the new run, or 409 with the run already active for the scope. */
    @RegisterForReflection
    public record Started(String runId, RunStatus status, String code, String message) {
    }

    /** One line of the run list. */
    @RegisterForReflection
    public record RunLine(String runId, RunStatus status, String mode, String trigger, int subscriptions,
            Instant startedAt, Instant finishedAt) {
    }

    /**
     * One run. {@code counts}, {@code byRegion}, {@code byTier} and {@code bySubscription} count
     * NICs by class; {@code actions} by what was done. {@code eta} is when the run should be done
     * at the pace its items kept, null once finished or while an item has not read a page.
     */
    @RegisterForReflection
    public record RunReport(String runId, RunStatus status, String mode, String trigger, List<String> subscriptions,
            List<String> classes, Instant startedAt, Instant finishedAt, long durationMillis, long nics,
            Map<String, Long> counts, Map<String, Map<String, Long>> byRegion,
            Map<String, Map<String, Long>> bySubscription, Map<String, Map<String, Long>> byTier,
            Map<String, Long> actions, long remediated, long failed, long armRequests, long inventoryRequests,
            Map<String, Integer> items, int continuations, int resumes, Instant eta, List<ItemError> errors) {
    }

    @RegisterForReflection
    public record ItemError(String subscriptionId, ItemState state, String error) {
    }

    /** A page of one class's per-NIC rows; pass {@code continuation} back for the next. */
    @RegisterForReflection
    public record RowsPage(String runId, @com.fasterxml.jackson.annotation.JsonProperty("class") String compliance,
            List<NicRow> rows, String continuation) {
    }
}

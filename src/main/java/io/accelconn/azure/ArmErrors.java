package io.accelconn.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Reading ARM's error answers: the error code in the body and the several Retry-After forms. */
final class ArmErrors {

    /** 409: the NIC (or VM) is being changed by someone else; try again shortly. */
    static final String ANOTHER_OPERATION_IN_PROGRESS = "AnotherOperationInProgress";
    /** 429 variant that means the same as {@link #ANOTHER_OPERATION_IN_PROGRESS}. */
    static final String RETRYABLE_DUE_TO_ANOTHER_OPERATION = "RetryableErrorDueToAnotherOperation";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArmErrors() {
    }

    /** {@code error.code} (ARM's envelope) or a top-level {@code code}; null when the body has neither. */
    static String errorCode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                return null;
            }
            JsonNode code = root.path("error").path("code");
            if (!code.isTextual()) {
                code = root.path("code");
            }
            return code.isTextual() ? code.asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The wait the server asked for: {@code retry-after-ms} and {@code x-ms-retry-after-ms} in
     * milliseconds first (more precise), then {@code Retry-After} in seconds or as an HTTP date.
     * Null when none is present or readable.
     */
    static Duration retryAfter(HttpHeaders headers) {
        Duration ms = millis(headers.getValue("retry-after-ms"));
        if (ms == null) {
            ms = millis(headers.getValue("x-ms-retry-after-ms"));
        }
        if (ms != null) {
            return ms;
        }
        String value = headers.getValue("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(OffsetDateTime.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static Duration millis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long ms = Long.parseLong(value.trim());
            return ms < 0 ? null : Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isStatus(Throwable e, int status) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ManagementException me && me.getResponse() != null
                    && me.getResponse().getStatusCode() == status) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /** Path only: query strings may carry skip tokens and are noise in an error message. */
    static String pathOf(java.net.URL url) {
        return url == null ? "?" : url.getPath();
    }
}

package io.accelconn.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/**
 * The ETag of each action of a Table transaction, read from the service's multipart answer.
 * <p>
 * The service (and Azurite) answers every action of a committed transaction with its entity's new
 * ETag, but azure-data-tables 12.5.8 drops the sub-responses' headers: its
 * {@code TablesMultipartSerializer.TableTransactionActionResponseBuilder.build()} copies the new
 * response's (empty) headers into the parsed ones instead of the other way round, so
 * {@code TableTransactionActionResponse.getHeaders()} is always empty. Without this a writer that
 * conditions its next write on a row it just wrote (If-Match) would have to read the row again.
 * <p>
 * A caller asks for the ETags by putting a {@link Capture} into the Reactor context of the
 * transaction's call ({@link #into}); azure-core hands Reactor context entries to the pipeline. Other
 * calls pass through untouched.
 */
public final class TransactionEtags implements HttpPipelinePolicy {

    static final String CONTEXT_KEY = "accelconn.storage.transaction-etags";
    private static final String STATUS_LINE = "HTTP/1.1 ";
    private static final String ETAG = "ETag:";

    /** The ETags of one transaction's actions, in the order they were submitted. */
    public static final class Capture {
        private volatile List<String> etags = List.of();

        /** The ETag the service gave action {@code index}; null when it gave none (a delete) or nothing was read. */
        public String etag(int index) {
            List<String> e = etags;
            return index < e.size() ? e.get(index) : null;
        }
    }

    /** A Reactor context holding {@code capture}, for {@code contextWrite} on a transaction's Mono. */
    public static reactor.util.context.Context into(Capture capture) {
        return reactor.util.context.Context.of(CONTEXT_KEY, capture);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Capture capture = context.getData(CONTEXT_KEY).filter(Capture.class::isInstance).map(Capture.class::cast).orElse(null);
        if (capture == null) {
            return next.process();
        }
        return next.process().flatMap(response -> {
            if (response.getStatusCode() != 202) {
                return Mono.just(response); // refused as a whole: the SDK reports it, there is nothing to read here
            }
            HttpResponse buffered = response.buffer();
            return buffered.getBodyAsByteArray()
                    .map(body -> {
                        capture.etags = etags(body);
                        return buffered;
                    })
                    .defaultIfEmpty(buffered);
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        // Only the async client is asked for ETags; sync calls pass through.
        return next.processSync();
    }

    /** After the retries: the answer that counts is the last one. */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    /**
     * The ETag header of each sub-response of a {@code multipart/mixed} batch answer, in order (null
     * where one has none). Each sub-response starts with its status line and its headers end at the
     * first empty line, as the SDK reads them.
     */
    static List<String> etags(byte[] body) {
        // Read on the event loop for every transaction: a plain scan, no regular expression.
        String text = new String(body, StandardCharsets.ISO_8859_1); // the headers are ASCII
        List<String> etags = new ArrayList<>();
        boolean inHeaders = false;
        for (int start = 0; start < text.length();) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (text.startsWith(STATUS_LINE, start)) {
                etags.add(null);
                inHeaders = true;
            } else if (inHeaders && lineEnd == start) {
                inHeaders = false;
            } else if (inHeaders && text.regionMatches(true, start, ETAG, 0, ETAG.length())) {
                etags.set(etags.size() - 1, text.substring(start + ETAG.length(), lineEnd).trim());
            }
            start = end + 1;
        }
        return etags;
    }
}

package io.github.akoc.world;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits out a server that asks for it, within a bound, and counts it. authentik answers 429 with Retry-After when its
 * throttle for unauthenticated API requests trips (DRF, authentik/api/throttle.py; 1000/second by default,
 * lib/default.yml), and its 2026.8 server 503 with Retry-After: 5 while the backend starts. A run of the whole catalogue
 * stays far below the throttle; when a 429 comes anyway the run slows down instead of failing, and the report names it.
 */
public final class BackOff {
    /** Per request: after this much waiting the answer is given to the caller as it is. */
    public static final Duration BOUND = Duration.ofSeconds(30);
    /** One wait: Retry-After is honoured up to this; without one, a second. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final Duration bound;
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicLong waitedMillis = new AtomicLong();
    private final AtomicInteger gaveUp = new AtomicInteger();

    /** How many answers asked to wait, how long was waited, and how many requests were still refused at the bound. */
    public record Tally(int answers, long waitedMillis, int gaveUp) {
        public Tally since(Tally earlier) {
            return new Tally(answers - earlier.answers, waitedMillis - earlier.waitedMillis, gaveUp - earlier.gaveUp);
        }

        /** For the report's timings: empty when nothing asked to wait. */
        public Optional<String> describe() {
            return answers == 0 ? Optional.empty() : Optional.of("waited: " + answers + " answers 429/503 with Retry-After"
                    + (gaveUp > 0 ? ", " + gaveUp + " requests still refused after " + BOUND.toSeconds() + " s" : ""));
        }
    }

    public BackOff() {
        this(BOUND);
    }

    BackOff(Duration bound) {
        this.bound = bound;
    }

    public Tally tally() {
        return new Tally(answers.get(), waitedMillis.get(), gaveUp.get());
    }

    /** The wait an answer asks for, if it asks (429, or 503 with Retry-After). */
    static Optional<Duration> asked(int status, Optional<String> retryAfter) {
        if (status != 429 && !(status == 503 && retryAfter.isPresent())) {
            return Optional.empty();
        }
        Duration wait = Duration.ofSeconds(1);
        try {
            wait = Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.orElse("1").strip())));
        } catch (NumberFormatException httpDate) {
            // an HTTP date: not what authentik sends; a second
        }
        return Optional.of(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }

    HttpClient around(HttpClient client) {
        return new DelegatingHttpClient(client) {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
                long waited = 0;
                while (true) {
                    HttpResponse<T> r = delegate.send(request, handler);
                    Optional<Duration> wait = asked(r.statusCode(), r.headers().firstValue("Retry-After"));
                    if (wait.isEmpty()) {
                        return r;
                    }
                    answers.incrementAndGet();
                    if (waited + wait.get().toMillis() > bound.toMillis()) {
                        gaveUp.incrementAndGet();
                        return r;
                    }
                    Thread.sleep(wait.get().toMillis());
                    waited += wait.get().toMillis();
                    waitedMillis.addAndGet(wait.get().toMillis());
                }
            }
        };
    }
}

package io.github.akoc.world;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/** An HttpClient that hands every exchange to a {@link Recorder} (bodies teed, never consumed twice). */
final class RecordingHttpClient extends DelegatingHttpClient {
    private final Recorder recorder;
    /** The client's exchanges are one session's (its own cookies): the flows of several sessions interleave in the recording. */
    private final int session;

    RecordingHttpClient(HttpClient delegate, Recorder recorder) {
        super(delegate);
        this.recorder = recorder;
        this.session = recorder.nextSession();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        Tee<T> tee = new Tee<>(handler);
        HttpResponse<T> r = delegate.send(request, tee);
        recorder.record(session, request.method(), request.uri(), request.headers(), requestBody(request), r.statusCode(), r.headers(),
                tee.body());
        return r;
    }

    /** The request body, read from its publisher once more (java.net.http's publishers of strings and bytes replay). */
    private static String requestBody(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> p = request.bodyPublisher();
        if (p.isEmpty() || p.get().contentLength() == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        p.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
            }

            @Override
            public void onError(Throwable t) {
                done.complete(null);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Passes the body to the caller's handler and keeps a copy. */
    private static final class Tee<T> implements HttpResponse.BodyHandler<T> {
        private final HttpResponse.BodyHandler<T> handler;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Tee(HttpResponse.BodyHandler<T> handler) {
            this.handler = handler;
        }

        String body() {
            synchronized (copy) {
                return copy.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
            HttpResponse.BodySubscriber<T> inner = handler.apply(info);
            return new HttpResponse.BodySubscriber<>() {
                @Override
                public CompletionStage<T> getBody() {
                    return inner.getBody();
                }

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    inner.onSubscribe(subscription);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    synchronized (copy) {
                        for (ByteBuffer b : item) {
                            ByteBuffer d = b.duplicate();
                            byte[] bytes = new byte[d.remaining()];
                            d.get(bytes);
                            copy.writeBytes(bytes);
                        }
                    }
                    inner.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    inner.onError(throwable);
                }

                @Override
                public void onComplete() {
                    inner.onComplete();
                }
            };
        }
    }
}

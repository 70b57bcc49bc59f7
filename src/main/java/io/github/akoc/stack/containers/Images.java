package io.github.akoc.stack.containers;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every image of a run, present before anything starts: a missing one is pulled once, with its progress shown,
 * and a pull that fails (no registry, unknown tag, no access) ends the run at once naming the image and the
 * engine's reason, instead of the minutes of retries Testcontainers and compose would spend on it each.
 */
public final class Images {
    private static final Logger LOG = LoggerFactory.getLogger("e2e.images");
    private static final long PROGRESS_EVERY_MS = 5_000;

    private Images() {
    }

    public static void ensure(List<String> images, Duration timeout) {
        var docker = DockerClientFactory.instance().client();
        for (String image : images) {
            try {
                docker.inspectImageCmd(image).exec();
                continue;
            } catch (NotFoundException e) {
                // pulled below
            }
            DockerImageName name = DockerImageName.parse(image);
            LOG.info("pulling {} (bound {})", image, timeout);
            long t0 = System.nanoTime();
            Progress progress = new Progress(image);
            try {
                docker.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart()).exec(progress);
                if (!progress.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    try {
                        progress.close();
                    } catch (java.io.IOException ignored) {
                        // the pull is abandoned either way
                    }
                    throw new IllegalStateException("pulling image " + image + " did not finish within " + timeout
                            + " (-De2e.pull.timeout.minutes raises the bound)");
                }
                if (progress.error != null) {
                    throw progress.error;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pulling " + image, e);
            } catch (RuntimeException e) {
                if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().startsWith("pulling image")) {
                    throw e;
                }
                throw new IllegalStateException("cannot pull image " + name.getUnversionedPart() + " tag " + name.getVersionPart()
                        + ": " + reason(e) + " (load it into the engine, or point the image properties at images it has)", e);
            }
            LOG.info("pulled {} in {} s", image, (System.nanoTime() - t0) / 1_000_000_000);
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").strip());
    }

    /** Logs the layers' progress every few seconds and keeps the first error. */
    private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {
        private final String image;
        private final Map<String, String> layers = new ConcurrentHashMap<>();
        private volatile long lastLog = System.currentTimeMillis();
        volatile RuntimeException error;

        Progress(String image) {
            this.image = image;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null || item.getError() != null) {
                error = new IllegalStateException(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
                return;
            }
            if (item.getId() != null && item.getStatus() != null) {
                layers.put(item.getId(), item.getStatus());
            }
            long now = System.currentTimeMillis();
            if (now - lastLog > PROGRESS_EVERY_MS && !layers.isEmpty()) {
                lastLog = now;
                long done = layers.values().stream().filter(s -> s.startsWith("Pull complete") || s.startsWith("Already exists")).count();
                LOG.info("pulling {}: {}/{} layers done", image, done, layers.size());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable instanceof RuntimeException r ? r : new IllegalStateException(throwable);
            super.onError(throwable);
        }
    }
}

package io.github.akoc.standin.opencloud;

/** Ends a request with this status; the message goes to the log and the body, never a token. */
final class HttpStatusException extends RuntimeException {
    private final int status;

    HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatusException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}

package io.github.akoc.provision;

/** authentik's admin API answered outside 2xx (or could not be reached): method, path, status and its error body. */
public final class AuthentikApiException extends RuntimeException {
    private final int status;
    private final String body;

    public AuthentikApiException(String method, String path, int status, String body) {
        super(method + " /api/v3/" + path + " answered " + status + ": " + abbreviate(body));
        this.status = status;
        this.body = body;
    }

    public AuthentikApiException(String method, String path, Throwable cause) {
        super(method + " /api/v3/" + path + " failed: " + cause, cause);
        this.status = -1;
        this.body = "";
    }

    /** HTTP status, -1 when no answer came. */
    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }
}

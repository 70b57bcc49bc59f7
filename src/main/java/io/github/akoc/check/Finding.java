package io.github.akoc.check;

/**
 * What one check found about one subject (a client id, a platform, a URL). Failures explain themselves
 * in the guide's terms: the step concerned and a remedy sentence.
 */
public record Finding(String check, String subject, Status status, String expected, String actual,
                      String guideStep, String remedy) {

    public enum Status { PASS, FAIL, SKIP }

    public static Finding pass(String check, String subject, String expected, String actual, String guideStep) {
        return new Finding(check, subject, Status.PASS, expected, actual, guideStep, "");
    }

    public static Finding fail(String check, String subject, String expected, String actual, String guideStep,
                               String remedy) {
        return new Finding(check, subject, Status.FAIL, expected, actual, guideStep, remedy);
    }

    /** A check that could not run here, with the reason in {@code actual}; never counted as a pass. */
    public static Finding skip(String check, String subject, String reason) {
        return new Finding(check, subject, Status.SKIP, "", reason, "", "");
    }

    /** "check/subject", the key the misconfiguration catalogue names expected failures by. */
    public String key() {
        return check + "/" + subject;
    }
}

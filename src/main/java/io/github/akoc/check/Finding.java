package io.github.akoc.check;

import java.util.List;

/**
 * What one check found about one subject (a client id, a platform, a URL). Failures explain themselves
 * in the guide's terms: the step concerned and a remedy sentence.
 *
 * <p>{@code needs} names the findings this one could only be established through ("check/subject", or
 * "check" for every finding of that check). When one of them failed, {@link Checks#run} turns a FAIL or SKIP
 * of this finding into {@link Status#DEPENDENT}: one misconfiguration then shows as its root failures, not as
 * a cascade, and {@code dependsOn} says which failed finding it is blamed on.
 */
public record Finding(String check, String subject, Status status, String expected, String actual,
                      String guideStep, String remedy, List<String> needs, String dependsOn) {

    /**
     * PASS: holds. FAIL: a root failure. WARN: hardening beyond the guide (does not fail the build unless
     * asked). DEPENDENT: could not be established, or failed, because a finding it needs failed. SKIP: not
     * applicable here, or needs an account.
     */
    public enum Status { PASS, FAIL, WARN, DEPENDENT, SKIP }

    public Finding {
        needs = needs == null ? List.of() : List.copyOf(needs);
    }

    public static Finding pass(String check, String subject, String expected, String actual, String guideStep) {
        return new Finding(check, subject, Status.PASS, expected, actual, guideStep, "", List.of(), null);
    }

    public static Finding fail(String check, String subject, String expected, String actual, String guideStep,
                               String remedy) {
        return new Finding(check, subject, Status.FAIL, expected, actual, guideStep, remedy, List.of(), null);
    }

    /** Hardening the guide's configuration does not give: reported apart, never a failure of the guide. */
    public static Finding warn(String check, String subject, String expected, String actual, String guideStep,
                               String remedy) {
        return new Finding(check, subject, Status.WARN, expected, actual, guideStep, remedy, List.of(), null);
    }

    /** A check that could not run here, with the reason in {@code actual}; never counted as a pass. */
    public static Finding skip(String check, String subject, String reason) {
        return new Finding(check, subject, Status.SKIP, "", reason, "", "", List.of(), null);
    }

    /** This finding with the findings it was established through (see the class comment). */
    public Finding needing(String... keys) {
        List<String> all = new java.util.ArrayList<>(needs);
        all.addAll(List.of(keys));
        return new Finding(check, subject, status, expected, actual, guideStep, remedy, all, dependsOn);
    }

    /** This finding, blamed on the failed finding {@code key}. */
    public Finding dependentOn(String key) {
        return new Finding(check, subject, Status.DEPENDENT, expected, actual, guideStep, remedy, needs, key);
    }

    /** "check/subject", the key the misconfiguration catalogue names expected failures by. */
    public String key() {
        return check + "/" + subject;
    }

    /** True for what counts against the deployment: a root failure. */
    public boolean failed() {
        return status == Status.FAIL;
    }

    /** True when {@code need} ("check" or "check/subject") names this finding. */
    boolean isNamedBy(String need) {
        return need.contains("/") ? need.equals(key()) : need.equals(check);
    }
}

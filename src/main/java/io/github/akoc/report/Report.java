package io.github.akoc.report;

import io.github.akoc.check.Finding;

import java.util.List;
import java.util.Map;

/**
 * One run's result: which stack (local, containers, external) and setup it came from, the versions it ran
 * against, every finding in catalogue order, and how long each phase took (phase → millis, in run order).
 */
public record Report(String stack, String setup, Map<String, String> versions, List<Finding> findings,
                     Map<String, Long> timings) {
    public Report {
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions));
        findings = List.copyOf(findings);
        timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    }

    public long count(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}

package io.github.akoc.report;

import io.github.akoc.check.Finding;

import java.util.List;
import java.util.Map;

/**
 * One run's result: which stack (local, containers, external) and setup it came from, the versions it ran
 * against, the clients it acted as (platform → client id), every finding in catalogue order, and how long each
 * phase took (phase → millis, in run order).
 */
public record Report(String stack, String setup, Map<String, String> versions, Map<String, String> clients,
                     List<Finding> findings, Map<String, Long> timings) {
    public Report {
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions));
        clients = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(clients));
        findings = List.copyOf(findings);
        timings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
    }

    /** The clients of an expectation, platform → client id, in its order. */
    /** The stack's versions and the browser's settings that change a verdict (third-party cookies: browser.silent-renew). */
    public static Map<String, String> withBrowserSettings(Map<String, String> versions) {
        Map<String, String> out = new java.util.TreeMap<>(versions);
        out.putAll(io.github.akoc.world.World.browserSettings());
        return out;
    }

    public static Map<String, String> clientsOf(io.github.akoc.expectation.Expectation e) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        e.clients().forEach(c -> out.put(c.platform(), c.clientId()));
        return out;
    }

    public long count(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }
}

package io.github.akoc.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.akoc.provision.AuthentikVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionKnowledgeTest {
    private static RecordedBuilds.Build build(String authentik) {
        return new RecordedBuilds.Build(Path.of("fixtures/recorded/authentik-" + authentik),
                new ObjectMapper().createObjectNode().put("authentikVersion", authentik), AuthentikVersion.parse(authentik), "7.3.0", authentik);
    }

    private final VersionKnowledge knowledge = new VersionKnowledge(List.of(build("2026.2.2"), build("2026.8.0-rc1")),
            List.of(AuthentikVersion.parse("2025.10.4"), AuthentikVersion.parse("2026.2.0"), AuthentikVersion.parse("2026.5.6"),
                    AuthentikVersion.parse("2026.8.3")), List.of("7.2", "7.3"), List.of("authentik 2026.11", "OpenCloud 8.1"));

    @Test
    void saysForEachSystemWhetherItRanHereIsKnownFromItsSourcesOrIsNewer() {
        assertTrue(knowledge.authentik("akoc-fromsource/authentik:2026.2.2").contains("run here against a build from its source (fixtures/recorded/authentik-2026.2.2)"));
        assertTrue(knowledge.authentik("ghcr.io/goauthentik/server:2026.8.3").contains("known from its sources and API schema; its 2026.8 line ran here as 2026.8.0-rc1"));
        assertTrue(knowledge.authentik("ghcr.io/goauthentik/server:2026.5.6").contains("known from its sources and API schema, not run against here"));
        assertTrue(knowledge.authentik("ghcr.io/goauthentik/server:2026.11.0").contains("known from its release notes and single source files only"));
        assertTrue(knowledge.authentik("ghcr.io/goauthentik/server:2027.2.0").contains("NEWER than anything the suite knows (its newest line: 2026.8)"));
        assertTrue(knowledge.opencloud("opencloudeu/opencloud-rolling:8.1.0").contains("known from its release notes and single source files (the 8.1 line"));
        assertTrue(knowledge.opencloud("opencloudeu/opencloud-rolling:9.2.0").contains("NOT known to the suite from its sources"));
        assertTrue(knowledge.authentik("authentik stand-in 2026.8.3").contains("stand-in"));
        assertTrue(knowledge.authentik("akoc-selftest/standins:2026.8.3").contains("the suite's stand-in"));
        assertTrue(knowledge.opencloud("akoc-selftest/standins:7.5.0").contains("the suite's stand-in"));
        assertTrue(knowledge.opencloud("akoc-fromsource/opencloud:7.3.0").contains("run here against a build from its source"));
        assertTrue(knowledge.opencloud("opencloudeu/opencloud:7.2.2").contains("known from its sources (the 7.2 line)"));
        assertTrue(knowledge.opencloud("opencloudeu/opencloud-rolling:7.5.0").contains("NOT known to the suite from its sources"));
        assertTrue(knowledge.opencloud("opencloudeu/opencloud-rolling:latest").contains("no release number"));
        assertEquals(List.of("authentik", "opencloud"), List.copyOf(knowledge.of(Map.of("authentik", "a:2026.8.3", "opencloud", "o:7.3.0", "caddy", "c")).keySet()));
    }
}

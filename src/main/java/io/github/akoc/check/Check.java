package io.github.akoc.check;

import java.util.List;

/**
 * One named check of the catalogue (DESIGN.md). Ids are stable: add, never renumber. A check reads what
 * the context observed (fetching what it needs through the context, which caches) and returns one finding
 * per subject; it never throws for a failed expectation, it reports it.
 */
public interface Check {
    String id();

    /** Whether the check has a subject in this expectation at all; one that has none is not run (and not expected). */
    default boolean appliesTo(io.github.akoc.expectation.Expectation expectation) {
        return true;
    }

    List<Finding> run(CheckContext context);
}

package io.github.akoc.check;

import java.util.List;

/**
 * One named check of the catalogue (DESIGN.md). Ids are stable: add, never renumber. A check reads what
 * the context observed (fetching what it needs through the context, which caches) and returns one finding
 * per subject; it never throws for a failed expectation, it reports it.
 */
public interface Check {
    String id();

    List<Finding> run(CheckContext context);
}

package io.newsdrift.demo;

/**
 * A near-verbatim republication planted in the demo corpus: the wire article {@code originalId}
 * reappears as {@code copyId} in {@code copyOutlet} on the same or the next day, with about 3% of
 * its words changed and possibly an intro line and a slightly altered title.
 */
public record PlantedSyndication(
    String originalId, String originalOutlet, String copyId, String copyOutlet) {}

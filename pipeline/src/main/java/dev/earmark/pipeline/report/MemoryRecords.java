package dev.earmark.pipeline.report;

import dev.earmark.transforms.values.MemoryMetrics;
import java.util.List;

/**
 * The records of one run, read from {@code files} under {@code folder} (local paths or gs:// URIs),
 * plus how many lines could not be parsed (they are reported, not fatal).
 */
public record MemoryRecords(
    String runId, String folder, List<String> files, List<MemoryMetrics> records, int malformedLines) {}

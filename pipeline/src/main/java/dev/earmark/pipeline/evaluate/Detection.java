package dev.earmark.pipeline.evaluate;

/** One event row of a run's events table, as much of it as evaluation needs. */
public record Detection(String recordingUri, double startSeconds, double endSeconds, String type, String label,
    double peakScore) {}

/**
 * The pipeline's Beam transforms, one package per stage, in the order a recording goes through
 * them:
 * <ol>
 *   <li>{@code listing}: listing files to recordings ({@code ReadListings}, {@code ListingRows});
 *   <li>{@code finish} (first half): recordings finished before with the same settings are skipped
 *       ({@code SkipFinishedRecordings});
 *   <li>{@code windows}: each recording probed and cut into windows on YAMNet's patch grid;
 *   <li>{@code classify}: YAMNet on each window, with the per-window memory record;
 *   <li>{@code events}: windows stitched per recording and events detected per event type;
 *   <li>{@code output}: clips, JSON Lines sinks and the one way to write a whole file;
 *   <li>{@code finish}: per-recording manifests, stale outputs removed, event and Raven tables;
 *   <li>{@code failures}: the one failure policy and one dead letter per bad input.
 * </ol>
 * {@code audio} holds the audio I/O the stages use, {@code values} the elements that flow between
 * them; {@link dev.earmark.transforms.ProgressLog} is the run's progress, fed by several stages.
 */
package dev.earmark.transforms;

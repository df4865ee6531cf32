/**
 * Streaming audio I/O in plain Java (no Beam types except {@code FileSystems} for opening URIs).
 *
 * <ul>
 *   <li>{@link dev.earmark.transforms.audio.AudioFiles}: the facade the transforms call: {@code
 *       probe}, {@code readMono16k}, {@code openMono16k}, {@code writeClip}.
 *   <li>{@link dev.earmark.transforms.audio.PcmSource}: pull-based PCM, PLANAR float {@code
 *       dest[channel][i]} in [-1, 1], explicit block sizes, sample-exact {@code seek}; implemented
 *       by {@link dev.earmark.transforms.audio.OggVorbisDecoder} (JOrbis) and {@link
 *       dev.earmark.transforms.audio.WavReader}; {@link dev.earmark.transforms.audio.AudioSources}
 *       picks one by magic bytes.
 *   <li>{@link dev.earmark.transforms.audio.Resampler16k}: position-exact 16 kHz mono.
 * </ul>
 *
 * <p>Positions are {@code long} frame indices: source frames on the source timeline, samples on
 * the 16 kHz timeline, where output {@code n} sits at source position {@code n * rate / 16000}. A
 * recording of {@code N} frames is {@code ceil(N * 16000 / rate)} samples long at 16 kHz. Floats
 * convert to 16-bit as in {@link dev.earmark.transforms.audio.Pcm16}. Bad input raises {@link
 * dev.earmark.transforms.audio.AudioFormatException} with a {@code Reason} and the file name.
 * Memory never depends on the file length (measured by {@code scripts/bench-audio}).
 */
package dev.earmark.transforms.audio;

package dev.earmark.pipeline.slices;

/** One night ({@code <user_id>/<yyyy-MM-dd>}) of a listing: its recordings, windows and audio. */
public record NightLoad(String night, long recordings, long windows, long audioMillis) {
  NightLoad plus(long moreRecordings, long moreWindows, long moreAudioMillis) {
    return new NightLoad(night, recordings + moreRecordings, windows + moreWindows, audioMillis + moreAudioMillis);
  }
}

package dev.earmark.models.yamnet;

import java.util.List;

/**
 * No usable YAMNet model in any place {@link ModelLocator} looks. The message names each place
 * and what was found there, and says how to get a model, so a user can fix it without the docs.
 */
public class ModelNotFoundException extends Exception {
  private final List<String> placesLooked;

  public ModelNotFoundException(String message, List<String> placesLooked) {
    super(message);
    this.placesLooked = List.copyOf(placesLooked);
  }

  /** One line per place: the setting, its value and why it did not give a model. */
  public List<String> placesLooked() {
    return placesLooked;
  }
}

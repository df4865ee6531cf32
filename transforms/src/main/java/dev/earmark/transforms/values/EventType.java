package dev.earmark.transforms.values;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What users look for, such as "snore" or "alarm": a set of YAMNet classes, each with its own
 * hysteresis thresholds, and the rule that an event needs {@code minPatches} consecutive patches in
 * which some member class is at or above its on-threshold (one-patch spikes on room tone are
 * typical for some classes). An event carries the type and the member class that scored highest.
 */
public record EventType(String name, List<TargetClass> classes, int minPatches) implements Serializable {
  public EventType {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("an event type needs a name");
    }
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("event type '" + name + "' has no classes");
    }
    if (minPatches < 1) {
      throw new IllegalArgumentException("event type '" + name + "': minPatches must be >= 1, got " + minPatches);
    }
  }

  /** A type of one class, named after it: what {@code --classes} selects. */
  public static EventType single(TargetClass cls) {
    return new EventType(cls.displayName(), List.of(cls), 1);
  }

  /**
   * The classes whose scores the pipeline keeps, in the column order of {@link WindowScores}: every
   * member of every type, in type order. A class belongs to one type only, or the same sound would
   * give two events (and two clips of one name).
   */
  public static List<TargetClass> scoreColumns(List<EventType> types) {
    List<TargetClass> columns = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (EventType type : types) {
      for (TargetClass c : type.classes()) {
        if (!seen.add(c.index())) {
          throw new IllegalArgumentException("class '" + c.displayName() + "' is in more than one event type"
              + " (or twice in '" + type.name() + "'): give each class one type");
        }
        columns.add(c);
      }
    }
    return columns;
  }
}

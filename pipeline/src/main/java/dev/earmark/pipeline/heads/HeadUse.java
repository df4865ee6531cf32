package dev.earmark.pipeline.heads;

import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an event type uses the run's head output of its own name: {@link Mode#EITHER} adds the
 * output to the type's classes (an event where a class or the head fires), {@link Mode#ONLY} makes
 * it the type's one class, {@link Mode#GATE} keeps the classes but lets them fire only where the
 * head agrees. {@code on}/{@code off} replace the head file's thresholds when given.
 */
public record HeadUse(Mode mode, Float on, Float off) {
  public enum Mode {
    EITHER, ONLY, GATE;

    /** The mode of that name in an event-types file, or null. */
    public static Mode named(String name) {
      for (Mode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
          return m;
        }
      }
      return null;
    }
  }

  /** The head output for type {@code name}, with its thresholds; an error naming {@code where} if the head has none. */
  public TargetClass column(String where, String name, HeadFile head) {
    int output = head.head().indexOf(name);
    if (output < 0) {
      throw new IllegalArgumentException(where + ": the head has no type '" + name + "' (it has "
          + String.join(", ", head.head().types()) + ")");
    }
    HeadFile.Threshold trained = head.thresholds().get(output);
    float onScore = on == null ? trained.on() : on;
    float offScore = off == null ? Math.min(trained.off(), onScore) : off;
    if (offScore > onScore) {
      throw new IllegalArgumentException(where + ": head: need off <= on, got on=" + onScore + " off=" + offScore);
    }
    return TargetClass.head(output, name, onScore, offScore);
  }

  /** {@code type} (whose classes are already set for {@link Mode#ONLY}) with the head used as this says. */
  public EventType apply(String where, EventType type, HeadFile head) {
    return switch (mode) {
      case ONLY -> type;
      case EITHER -> {
        List<TargetClass> classes = new ArrayList<>(type.classes());
        classes.add(column(where, type.name(), head));
        yield new EventType(type.name(), classes, type.minPatches(), type.unless(), type.gates());
      }
      case GATE -> new EventType(type.name(), type.classes(), type.minPatches(), type.unless(),
          List.of(column(where, type.name(), head)));
    };
  }

  /**
   * {@code types} plus one type for each of {@code taught} (outputs of {@code head}) that no type
   * names: a sound the head was taught that the event types do not know (its event is the head
   * output alone, one patch at its on-threshold).
   */
  public static List<EventType> withTaughtTypes(List<EventType> types, HeadFile head, List<String> taught) {
    List<EventType> all = new ArrayList<>(types);
    for (String name : taught) {
      if (types.stream().noneMatch(t -> t.name().equals(name))) {
        all.add(new EventType(name, List.of(new HeadUse(Mode.ONLY, null, null).column(name, name, head)), 1));
      }
    }
    return List.copyOf(all);
  }

  /** True when some type reads a head output (only then are embeddings fetched). */
  public static boolean readsHead(List<EventType> types) {
    return EventType.scoreColumns(types).stream().anyMatch(TargetClass::isHeadOutput);
  }
}

package dev.earmark.pipeline.evaluate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** {@code earmark evaluate}: a run's events against truth tables. */
public interface EvaluateOptions extends PipelineOptions {
  @Description("The run's output root (its events/<user>/<day>.jsonl tables are read) or a glob of events .jsonl files.")
  @Validation.Required
  String getEvents();

  void setEvents(String value);

  @Description("Glob of the listing(s) the run read: every recording evaluated, and its length (duration_s, "
      + "else read from the file).")
  @Validation.Required
  String getListing();

  void setListing(String value);

  @Description("Glob of truth tables, one CSV per recording with header start_s,end_s,label[,level] "
      + "(level: faint, normal or loud); header only for a recording with no events. A table belongs to "
      + "the recording of the same file name (night1.csv -> .../night1.ogg) unless --truthMap says otherwise.")
  @Validation.Required
  String getTruth();

  void setTruth(String value);

  @Description("Optional CSV recording,truth: which truth table belongs to which recording (URI or file name).")
  String getTruthMap();

  void setTruthMap(String value);

  @Description("Optional synonyms file (JSON {\"dog\": [\"Bark\"]} or CSV truth_label,accepted): detection types "
      + "or labels accepted for a truth label besides the label itself.")
  String getSynonyms();

  void setSynonyms(String value);

  @Description("Truth rows are padded by this many seconds on each side before matching.")
  @Default.Double(1.0)
  double getPadSeconds();

  void setPadSeconds(double value);

  @Description("A detection farther than this from every truth row (or on a recording without events) is a false event.")
  @Default.Double(3.0)
  double getGapSeconds();

  void setGapSeconds(double value);

  @Description("Where to write the figures as JSON. Default: <events root>/reports/evaluation.json when --events "
      + "is a directory; nothing otherwise.")
  String getJson();

  void setJson(String value);

  @Description("Goal: recall of normal/loud events per class. Exit code 3 when a class falls below it.")
  @Default.Double(0.9)
  double getMinRecall();

  void setMinRecall(double value);

  @Description("Goal: false events per hour in gaps (1 per 8 hours = 0.125), and none on recordings without "
      + "events. Exit code 3 when missed.")
  @Default.Double(0.125)
  double getMaxFalsePerHour();

  void setMaxFalsePerHour(double value);
}

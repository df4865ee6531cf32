package dev.earmark.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The model options of every command that loads YAMNet ({@code run}, {@code classify}, {@code export-model}). */
public interface ModelOptions extends PipelineOptions {
  @Description("YAMNet model: a .tflite file or a SavedModel directory (local or gs://). Default: $EARMARK_YAMNET, "
      + "then system property earmark.yamnet, then ~/.cache/earmark/yamnet (where `earmark fetch-model` puts it).")
  @Default.InstanceFactory(ModelPathFactory.class)
  String getModel();

  void setModel(String value);

  @Description("Expected sha256 of the model source; checked before use when set.")
  String getModelSha256();

  void setModelSha256(String value);

  @Description("Most patches per TensorFlow call; RSS grows ~0.9 MB per patch in a call.")
  @Default.Integer(32)
  int getInferenceBatchSize();

  void setInferenceBatchSize(int value);

  /** $EARMARK_YAMNET, -Dearmark.yamnet, then the user cache (ModelLocator). */
  class ModelPathFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return ModelPaths.defaultModel();
    }
  }
}

# Sourced by the scripts: where the real YAMNet weights are (never committed; ../shared beside
# the checkout), and quiet TF native logs.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export EARMARK_YAMNET="${EARMARK_YAMNET:-$root/../shared/models/yamnet/tflite/yamnet_tfhub_int8dr_dynamic.tflite}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"

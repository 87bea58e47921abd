package io.koreanllm.simulator.generation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The simulated embedding model: a unit vector drawn from a generator seeded by the input, so the same input always
 * gets the same vector and different inputs practically never do. Shorter vectors ({@code dimensions}) are the long
 * one's start, normalised again, as a Matryoshka model's are.
 */
public final class EmbeddingVector {

  private final float[] values;

  private EmbeddingVector(float[] values) {
    this.values = values;
  }

  /**
   * @param input what identifies the input: its text, or its token ids written out
   * @param fullDimensions the model's vector length
   * @param dimensions the length asked for, at most {@code fullDimensions}
   */
  public static EmbeddingVector of(String model, String input, int fullDimensions, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(model + '\u0000' + input));
    double[] full = new double[fullDimensions];
    for (int i = 0; i < fullDimensions; i++) {
      full[i] = random.nextGaussian();
    }
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      norm += full[i] * full[i];
    }
    norm = Math.sqrt(norm);
    float[] values = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      values[i] = (float) (full[i] / norm);
    }
    return new EmbeddingVector(values);
  }

  public float[] values() {
    return values.clone();
  }

  /** {@code encoding_format: base64}: the float32 values, little-endian, as vLLM and OpenAI's clients read them. */
  public String base64() {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static long seed(String input) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}

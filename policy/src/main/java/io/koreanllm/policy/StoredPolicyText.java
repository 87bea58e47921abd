package io.koreanllm.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a policy's text is kept in a ConfigMap, which holds at most 1 MiB: under its key as it is while it fits (readable
 * with kubectl, and what gateways before this form read), gzipped under the key with {@code .gz} when it does not.
 * The operator writes either, the gateway reads either. A written user takes about 320 bytes, gzipped about 56 — most
 * of it the key's hash, which does not compress — so the text alone fits about 3,000 users and gzipped about 18,000.
 */
public final class StoredPolicyText {

  /** The most either form may take: a ConfigMap's 1 MiB of data, less room for anything else in it. */
  public static final int MAX_BYTES = 1_000_000;

  private StoredPolicyText() {
  }

  /** The key the gzipped text is kept under, next to {@code key}. */
  public static String gzipKey(String key) {
    return key + ".gz";
  }

  /**
   * The text a ConfigMap holds under {@code key}, given its data and binary data (base64, as the API gives it): the
   * text as it is when there, else the gzipped text; null when it holds neither. An {@link IllegalArgumentException}
   * when the binary data is not a gzipped text.
   */
  public static String fromConfigMap(Map<String, String> data, Map<String, String> binaryData, String key) {
    String text = data == null ? null : data.get(key);
    if (text != null) {
      return text;
    }
    String gzipped = binaryData == null ? null : binaryData.get(gzipKey(key));
    return gzipped == null ? null : gunzip(Base64.getDecoder().decode(gzipped));
  }

  /** The text's UTF-8 bytes, gzipped. The same text always gives the same bytes (the gzip header has no time). */
  public static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  /** The text of {@link #gzip}'s bytes; an {@link IllegalArgumentException} when they are not gzip. */
  public static String gunzip(byte[] gzipped) {
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped policy: " + e.getMessage(), e);
    }
  }
}

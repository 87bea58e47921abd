package io.koreanllm.gateway.policy;

import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyReader;
import java.nio.file.Path;
import java.util.List;

/** The policy files of local mode: users and defaults, models. */
public final class FilePolicySource implements PolicySource {

  private final List<Path> files;

  public FilePolicySource(List<Path> files) {
    this.files = List.copyOf(files);
  }

  @Override
  public Policy read() {
    return PolicyTooLargeException.whileReading(describe(), () -> new PolicyReader().read(files.toArray(Path[]::new)));
  }

  @Override
  public String describe() {
    return "files " + files;
  }
}

package io.koreanllm.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images Maven builds (koreanllm.image.tag) are the ones the chart runs (its appVersion): a release version,
 * never a SNAPSHOT or latest, so a node never runs something other than what was installed.
 */
class ImageTagTest {

  @Test
  void theChartsAppVersionIsTheImagesTagAndAReleaseVersion() throws IOException {
    String tag = System.getProperty("koreanllm.image.tag");
    Matcher appVersion = Pattern.compile("(?m)^appVersion: \"([^\"]+)\"$")
        .matcher(Files.readString(Chart.DIR.resolve("Chart.yaml")));
    assertThat(appVersion.find()).isTrue();
    assertThat(appVersion.group(1)).isEqualTo(tag).matches("[0-9]+\\.[0-9]+\\.[0-9]+");

    Chart.Rendered chart = Chart.render(Map.of("simulator.enabled", true));
    List<String> images = chart.all(Deployment.class)
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()).map(Container::getImage).toList();
    assertThat(images).containsExactlyInAnyOrder("korean-llm-limiter/operator:" + tag,
        "korean-llm-limiter/gateway:" + tag, "korean-llm-limiter/simulator:" + tag);
    assertThat(Containers.of(Chart.render(Map.of("image.registry", "registry.example.com/llm")), "gateway")
        .getImage()).isEqualTo("registry.example.com/llm/korean-llm-limiter/gateway:" + tag);
  }
}

package io.koreanllm.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

  @Test
  void sha256IsLowerCaseHexOfTheUtf8Bytes() {
    // FIPS 180-2 test vector
    assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // the UTF-8 bytes ED 95 9C of "한", whatever the platform charset (sha256sum of those bytes)
    assertThat(ApiKeys.sha256Hex("한")).isEqualTo("89233692031a62c60e6ef602b4cd9f3cb52a6dd8013fe9873c36101a7e3920e0");
    assertThat(ApiKeys.sha256Hex("sk-user1-korean-key-def")).isEqualTo("4ffdce247e0ea50c62615b0b8e966994579c191b1778110e5e5a592dfc69b08a");
  }

  @Test
  void displayIdShowsTheFirstEightAndLastThreeCharacters() {
    assertThat(ApiKeys.displayId("sk-user1-korean-key-def")).isEqualTo("sk-user1…def");
    assertThat(ApiKeys.displayId("abcdefghijkl")).isEqualTo("abcdefgh…jkl");
  }

  @Test
  void displayIdOfAShortKeyShowsOnlyThreeCharacters() {
    assertThat(ApiKeys.displayId("abcdefghijk")).isEqualTo("abc…");
    assertThat(ApiKeys.displayId("ab")).isEqualTo("ab…");
  }

  @Test
  void constantTimeEqualsComparesContent() {
    assertThat(ApiKeys.constantTimeEquals("sk-admin-key", new String("sk-admin-key"))).isTrue();
    assertThat(ApiKeys.constantTimeEquals("sk-admin-key", "sk-admin-kez")).isFalse();
    assertThat(ApiKeys.constantTimeEquals("sk-admin-key", "sk-admin-key2")).isFalse();
    assertThat(ApiKeys.constantTimeEquals("관리자키", "관리자키")).isTrue();
    assertThat(ApiKeys.constantTimeEquals(null, "x")).isFalse();
  }

  @Test
  void apiKeyFromAPlainKeyKeepsOnlyItsIdAndHash() {
    ApiKey key = ApiKey.fromPlainKey("sk-user1-korean-key-def");

    assertThat(key).isEqualTo(new ApiKey("sk-user1…def", ApiKeys.sha256Hex("sk-user1-korean-key-def")));
    assertThat(key.toString()).doesNotContain("sk-user1-korean-key-def");
  }

  @Test
  void apiKeyRejectsAHashThatIsNotLowerCaseHex() {
    assertThatThrownBy(() -> new ApiKey("x", "A".repeat(64))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256");
  }
}

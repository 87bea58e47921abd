package io.koreanllm.gateway.quota;

import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.UsageLedger;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedQuotaStoreTest extends QuotaStoreContract {

  @TempDir
  Path dir;
  private SqliteUsageLedger ledger;
  private EmbeddedQuotaStore store;

  @BeforeEach
  void open() {
    ledger = new SqliteUsageLedger(dir.resolve("usage.db"));
    store = new EmbeddedQuotaStore(clock, ledger);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Override
  protected QuotaStore store() {
    return store;
  }

  @Override
  protected UsageLedger ledger() {
    return ledger;
  }
}

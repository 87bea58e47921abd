package io.koreanllm.gateway.quota;

/** Opens the package-private contract to store tests in other packages. */
public abstract class QuotaStoreContractAccess extends QuotaStoreContract {
}

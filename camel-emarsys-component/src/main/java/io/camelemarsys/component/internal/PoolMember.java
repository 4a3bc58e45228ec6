package io.camelemarsys.component.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * One API user of a pool: its name (the WSSE user name or OAuth2 client id, never its secret), how it signs
 * (a WSSE signer or an OAuth2 token), and its own rate budget and refusal state, all shared with every endpoint that
 * uses the same credentials.
 */
public final class PoolMember {

    private final String name;
    private final WsseSigner signer;
    private final OAuth2Tokens tokens;
    private final RateBudget budget;
    private final CredentialRefusal refusal;
    private final LongAdder calls = new LongAdder();

    /** @param signer the WSSE signer, or null for an OAuth2 client; @param tokens the reverse */
    public PoolMember(String name, WsseSigner signer, OAuth2Tokens tokens, RateBudget budget,
                      CredentialRefusal refusal) {
        this.name = name;
        this.signer = signer;
        this.tokens = tokens;
        this.budget = budget;
        this.refusal = refusal;
    }

    /** The user name or client id: what logs and metrics name the member by. */
    public String name() {
        return name;
    }

    public WsseSigner signer() {
        return signer;
    }

    public OAuth2Tokens tokens() {
        return tokens;
    }

    public RateBudget budget() {
        return budget;
    }

    public CredentialRefusal refusal() {
        return refusal;
    }

    /** Counts one HTTP request that this member sent and Emarsys answered. */
    void called() {
        calls.increment();
    }

    /** The HTTP requests this member sent that Emarsys answered (the emarsys.api.calls metric). */
    public long calls() {
        return calls.sum();
    }

    @Override
    public String toString() {
        return "PoolMember[" + name + "]"; // never the secret
    }
}

package io.camelemarsys.component;

/** How requests are authenticated: WSSE speaks API v2, OAuth2 client credentials speak API v3. */
public enum EmarsysAuthMode {
    /** X-WSSE UsernameToken with the API user name and secret (switched off by Emarsys at the end of 2026). */
    wsse,
    /** OAuth2 client credentials; bearer tokens from the token URL. */
    oauth2
}

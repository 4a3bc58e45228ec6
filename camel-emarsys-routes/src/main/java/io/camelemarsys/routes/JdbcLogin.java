package io.camelemarsys.routes;

/**
 * Where a JDBC store lives and how to log in: a bean the Kamelets configure from their parameters, so that the
 * password reaches the store as a bean property and never as text in a route (a bean method string, an endpoint
 * URI) that Camel may print. Its {@link #toString()} never shows the password.
 */
public final class JdbcLogin {

    private String url = "";
    private String user = "";
    private String password = "";

    /** The JDBC URL; empty means the embedded H2 file {@link EmarsysStore.DEFAULT_URL}. */
    public String getUrl() {
        return url == null || url.isBlank() ? EmarsysStore.DEFAULT_URL : url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** A JDBC URL fit to print: a password given in it is replaced by {@code ***}. */
    public static String redacted(String url) {
        return url == null ? null : url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    @Override
    public String toString() {
        return "JdbcLogin[url=" + redacted(getUrl()) + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "" : "***") + "]";
    }
}

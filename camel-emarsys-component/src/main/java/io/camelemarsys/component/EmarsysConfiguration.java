package io.camelemarsys.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of the emarsys component. The component holds one instance (set as {@code camel.component.emarsys.*});
 * every endpoint gets a copy that its URI parameters then override.
 */
@UriParams
public class EmarsysConfiguration implements Cloneable {

    @UriPath(enums = "contact,field,event,contactlist,segment,export,settings,raw")
    @Metadata(required = true)
    private String apiName;
    @UriPath(enums = "upsert,update,create,delete,checkids,get,list,choices,trigger,add,remove,members,count,combined,run,"
                      + "segment,contactlist,changes,status,download,call")
    @Metadata(required = true)
    private String methodName;

    @UriParam(label = "common", defaultValue = "https://api.emarsys.net")
    private String baseUrl = "https://api.emarsys.net";
    @UriParam(label = "security", defaultValue = "wsse")
    private EmarsysAuthMode authMode = EmarsysAuthMode.wsse;
    @UriParam(label = "common", enums = "v2,v3")
    private String apiVersion;
    @UriParam(label = "security", secret = true)
    private String username;
    @UriParam(label = "security", secret = true)
    private String secret;
    @UriParam(label = "security", secret = true)
    private String clientId;
    @UriParam(label = "security", secret = true)
    private String clientSecret;
    @UriParam(label = "security", defaultValue = "https://auth.emarsys.net/oauth2/token")
    private String tokenUrl = "https://auth.emarsys.net/oauth2/token";

    @UriParam(label = "advanced", defaultValue = "10000")
    private int connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "60000")
    private int requestTimeout = 60_000;
    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "500")
    private long retryInitialDelay = 500;
    @UriParam(label = "advanced", defaultValue = "30000")
    private long retryMaxDelay = 30_000;
    @UriParam(label = "advanced", defaultValue = "300000")
    private long rateLimitMaxWait = 300_000;
    @UriParam(label = "advanced", defaultValue = "5000")
    private long authFailureInitialDelay = 5000;
    @UriParam(label = "advanced", defaultValue = "60000")
    private long authFailureMaxDelay = 60_000;
    @UriParam(label = "advanced", defaultValue = "30000")
    private long healthCheckInterval = 30_000;

    @UriParam(label = "producer", defaultValue = "1000")
    private int batchSize = 1000;
    @UriParam(label = "common", defaultValue = "3")
    private String keyField = "3";
    @UriParam(label = "common", defaultValue = "en")
    private String language = "en";
    @UriParam(label = "common")
    private String fields;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean resolveChoices;
    @UriParam(label = "producer", defaultValue = "stringId", enums = "stringId,id")
    private String fieldKeys = "stringId";
    @UriParam(label = "producer", defaultValue = "false")
    private boolean writeNulls;
    @UriParam(label = "producer", defaultValue = "true")
    private boolean failOnPartialErrors = true;
    @UriParam(label = "producer")
    private String eventId;
    @UriParam(label = "producer")
    private String eventName;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean ensureContact;
    @UriParam(label = "producer")
    private String listId;
    @UriParam(label = "producer")
    private String listName;
    @UriParam(label = "producer", defaultValue = "false")
    private boolean createMissingList;
    @UriParam(label = "producer")
    private String contactListId;
    @UriParam(label = "producer")
    private String triggerId;
    @UriParam(label = "producer", defaultValue = "GET", enums = "GET,POST,PUT,DELETE")
    private String httpMethod = "GET";
    @UriParam(label = "producer")
    private String path;
    @UriParam(label = "advanced", defaultValue = "600")
    private int fieldCacheTtlSeconds = 600;
    @UriParam(label = "common")
    private String segmentId;
    @UriParam(label = "producer")
    private String exportId;
    @UriParam(label = "common", defaultValue = "all", enums = "all,api,form")
    private String origin = "all";
    @UriParam(label = "common", defaultValue = "0")
    private String originId = "0";
    @UriParam(label = "common")
    private String since;
    @UriParam(label = "producer")
    private String until;
    @UriParam(label = "common", defaultValue = "date", enums = "date,datetime")
    private String changesTimeFormat = "date";
    @UriParam(label = "common", defaultValue = "100000")
    private int pageSize = 100_000;
    @UriParam(label = "common", defaultValue = "2000")
    private long pollInterval = 2000;
    @UriParam(label = "common", defaultValue = "3600000")
    private long pollTimeout = 3_600_000;
    @UriParam(label = "producer", defaultValue = "rows", enums = "rows,stream")
    private String outputType = "rows";
    @UriParam(label = "consumer", defaultValue = "3600000")
    private long overlap = 3_600_000;
    @UriParam(label = "consumer,advanced")
    private org.apache.camel.spi.StateRepository<String, String> stateRepository;
    @UriParam(label = "consumer", defaultValue = "camel-emarsys-state.dat")
    private String stateFile = "camel-emarsys-state.dat";
    @UriParam(label = "consumer")
    private String stateKey;

    public EmarsysConfiguration copy() {
        try {
            return (EmarsysConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The API version to speak: the {@code apiVersion} option, else v2 for WSSE and v3 for OAuth2. */
    public String effectiveApiVersion() {
        if (apiVersion != null && !apiVersion.isBlank()) {
            return apiVersion;
        }
        return authMode == EmarsysAuthMode.oauth2 ? "v3" : "v2";
    }

    public String getApiName() {
        return apiName;
    }

    /** The API: contact, field, event, contactlist, segment, export, settings, or raw (any other call). */
    public void setApiName(String apiName) {
        this.apiName = apiName;
    }

    public String getMethodName() {
        return methodName;
    }

    /** The method of the API, for example upsert in contact/upsert. */
    public void setMethodName(String methodName) {
        this.methodName = methodName;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The host root of the Emarsys API; /api/v2 or /api/v3 is added. Point it at the simulator in tests. An endpoint
     * may name its own account (baseUrl and credentials); an empty value on an endpoint means the component's.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public EmarsysAuthMode getAuthMode() {
        return authMode;
    }

    /** wsse (API user name and secret, API v2) or oauth2 (client id and secret, API v3). An empty value on an endpoint means the component's. */
    public void setAuthMode(EmarsysAuthMode authMode) {
        this.authMode = authMode;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    /** Overrides the API version path (v2 or v3); by default WSSE speaks v2 and OAuth2 speaks v3. */
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getUsername() {
        return username;
    }

    /** The WSSE API user name (auth-mode wsse). An empty value on an endpoint means the component's. */
    public void setUsername(String username) {
        this.username = username;
    }

    public String getSecret() {
        return secret;
    }

    /** The WSSE secret of the API user (auth-mode wsse). An empty value on an endpoint means the component's. */
    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getClientId() {
        return clientId;
    }

    /** The OAuth2 client id (auth-mode oauth2). An empty value on an endpoint means the component's. */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    /** The OAuth2 client secret (auth-mode oauth2). An empty value on an endpoint means the component's. */
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    /**
     * The OAuth2 token endpoint (client credentials grant). SAP Cloud Identity customers use their own. An empty value on an endpoint means the component's.
     */
    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    /** Connect timeout in milliseconds. */
    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getRequestTimeout() {
        return requestTimeout;
    }

    /** Timeout of one HTTP request in milliseconds, until the reply headers arrive. */
    public void setRequestTimeout(int requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /** How often one call is retried after a 5xx or an I/O error (with exponential backoff); 0 = never. */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryInitialDelay() {
        return retryInitialDelay;
    }

    /** First backoff delay in milliseconds; it doubles per retry up to retryMaxDelay. */
    public void setRetryInitialDelay(long retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** Longest backoff delay in milliseconds. */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public long getRateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    /**
     * Longest time in milliseconds one call waits for the rate budget (after a 429 or when X-Ratelimit-Remaining
     * is 0), past which it fails with EmarsysRateLimitException; and for the next try of refused credentials, past
     * which it fails with EmarsysAuthenticationException.
     */
    public void setRateLimitMaxWait(long rateLimitMaxWait) {
        this.rateLimitMaxWait = rateLimitMaxWait;
    }

    public long getAuthFailureInitialDelay() {
        return authFailureInitialDelay;
    }

    /**
     * After Emarsys refused the credentials of an API user (a 401 that no clock correction or token refresh cured,
     * or a token endpoint refusing the client), its calls are not sent for this many milliseconds; then one call
     * tries again. Each refused try doubles the delay up to authFailureMaxDelay; a success ends it. A waiting call
     * waits at most rateLimitMaxWait, then fails with EmarsysAuthenticationException without a request.
     */
    public void setAuthFailureInitialDelay(long authFailureInitialDelay) {
        this.authFailureInitialDelay = authFailureInitialDelay;
    }

    public long getAuthFailureMaxDelay() {
        return authFailureMaxDelay;
    }

    /**
     * Longest delay in milliseconds between two tries of refused credentials. Keep it well below the Kafka
     * consumer's max.poll.interval.ms: a waiting call holds its consumer thread.
     */
    public void setAuthFailureMaxDelay(long authFailureMaxDelay) {
        this.authFailureMaxDelay = authFailureMaxDelay;
    }

    public long getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * Producer health check: how often, in milliseconds, a background GET /settings checks the connection and the
     * credentials; the check reports the last result at once, and DOWN when a check has had no answer for longer
     * than this.
     */
    public void setHealthCheckInterval(long healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Items per request for batch operations, at most the API's limit (1000 contacts, getdata keys and triggers;
     * 10,000 list ids). Larger bodies are split; requests are also split by bytes (8 MB contacts, 1 MB event data).
     */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getKeyField() {
        return keyField;
    }

    /**
     * The field that identifies contacts (key_id): a field id (3 = email), a field name or string id, id or uid; the
     * exports' key column (producer and consumer). The header CamelEmarsysKeyField overrides it per message.
     */
    public void setKeyField(String keyField) {
        this.keyField = keyField;
    }

    public String getLanguage() {
        return language;
    }

    /**
     * Two-letter language of field names and choice labels (field/list, field/choices, resolveChoices), and of the
     * exports (producer and consumer).
     */
    public void setLanguage(String language) {
        this.language = language;
    }

    public String getFields() {
        return fields;
    }

    /**
     * contact/get and the exports (producer and consumer): comma-separated fields to return, by id or name; empty =
     * all fields for contact/get.
     */
    public void setFields(String fields) {
        this.fields = fields;
    }

    public String getFieldKeys() {
        return fieldKeys;
    }

    /**
     * contact/get without fields: how the values of every field are keyed. stringId (the default): the field's
     * string id (email, first_name), or its name where it has none; id: the field id as Emarsys sends it ("3"). A key
     * the field list does not hold, even after one refresh, stays as Emarsys sent it.
     */
    public void setFieldKeys(String fieldKeys) {
        this.fieldKeys = fieldKeys;
    }

    public boolean isResolveChoices() {
        return resolveChoices;
    }

    /** contact/get: return single- and multi-choice values as their labels in the language, not as choice ids. */
    public void setResolveChoices(boolean resolveChoices) {
        this.resolveChoices = resolveChoices;
    }

    public boolean isWriteNulls() {
        return writeNulls;
    }

    /** Contact writes: send null values (which clear the field in Emarsys) instead of leaving them out. */
    public void setWriteNulls(boolean writeNulls) {
        this.writeNulls = writeNulls;
    }

    public boolean isFailOnPartialErrors() {
        return failOnPartialErrors;
    }

    /**
     * Batch operations: fail the exchange with EmarsysPartialFailureException when some items were refused. When
     * false, the exchange succeeds and the refused items travel in the CamelEmarsysFailedItems header.
     */
    public void setFailOnPartialErrors(boolean failOnPartialErrors) {
        this.failOnPartialErrors = failOnPartialErrors;
    }

    public String getEventId() {
        return eventId;
    }

    /**
     * event/trigger: the external event, by id (or by name); not together with eventName. The headers
     * CamelEmarsysEventId and CamelEmarsysEventName override it.
     */
    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getEventName() {
        return eventName;
    }

    /**
     * event/trigger: the external event by name, looked up in the account's event list (cached like the field list,
     * read again once for a name it lacks). The headers CamelEmarsysEventId and CamelEmarsysEventName override it.
     */
    public void setEventName(String eventName) {
        this.eventName = eventName;
    }

    public boolean isEnsureContact() {
        return ensureContact;
    }

    /**
     * event/trigger: a trigger Emarsys refuses with replyCode 2008 (no such contact) creates a contact holding only
     * its key value (contact/upsert), then is triggered once more; each item of a batch on its own.
     */
    public void setEnsureContact(boolean ensureContact) {
        this.ensureContact = ensureContact;
    }

    public String getListId() {
        return listId;
    }

    /**
     * contactlist/add, remove, members, count: the contact list, by id (or by name); not together with listName. The
     * headers CamelEmarsysListId and CamelEmarsysListName override it.
     */
    public void setListId(String listId) {
        this.listId = listId;
    }

    public String getListName() {
        return listName;
    }

    /**
     * contactlist/add, remove, members, count: the contact list by name, looked up in the account's lists (cached,
     * read again once for a name it lacks). The headers CamelEmarsysListId and CamelEmarsysListName override it.
     */
    public void setListName(String listName) {
        this.listName = listName;
    }

    public boolean isCreateMissingList() {
        return createMissingList;
    }

    /**
     * contactlist/add and remove: a list given by a name no list has is created (empty, then the contacts are
     * added, or removed, which then removes none) instead of being refused. An id is never created.
     */
    public void setCreateMissingList(boolean createMissingList) {
        this.createMissingList = createMissingList;
    }

    public String getContactListId() {
        return contactListId;
    }

    /** Contact writes: also add every written contact to this existing contact list (by id). */
    public void setContactListId(String contactListId) {
        this.contactListId = contactListId;
    }

    public String getTriggerId() {
        return triggerId;
    }

    /** event/trigger: de-duplication id of a single trigger (header CamelEmarsysTriggerId overrides). */
    public void setTriggerId(String triggerId) {
        this.triggerId = triggerId;
    }

    public String getHttpMethod() {
        return httpMethod;
    }

    /** raw/call: the HTTP method. */
    public void setHttpMethod(String httpMethod) {
        this.httpMethod = httpMethod;
    }

    public String getPath() {
        return path;
    }

    /** raw/call: the path below /api/v2 or /api/v3, for example /contact/query (header CamelEmarsysPath overrides). */
    public void setPath(String path) {
        this.path = path;
    }

    public int getFieldCacheTtlSeconds() {
        return fieldCacheTtlSeconds;
    }

    /** How long the field list (names, ids, choices) is cached before it is read again; 0 = every time. */
    public void setFieldCacheTtlSeconds(int fieldCacheTtlSeconds) {
        this.fieldCacheTtlSeconds = fieldCacheTtlSeconds;
    }

    public String getSegmentId() {
        return segmentId;
    }

    /**
     * segment/members, segment/run, export/segment (producer and consumer): the segment ("filter") id (header
     * CamelEmarsysSegmentId overrides, for the producer).
     */
    public void setSegmentId(String segmentId) {
        this.segmentId = segmentId;
    }

    public String getExportId() {
        return exportId;
    }

    /** export/status, export/download: the export id (header CamelEmarsysExportId overrides). */
    public void setExportId(String exportId) {
        this.exportId = exportId;
    }

    public String getOrigin() {
        return origin;
    }

    /** export/changes (producer and consumer): which changes, all, api or form. */
    public void setOrigin(String origin) {
        this.origin = origin;
    }

    public String getOriginId() {
        return originId;
    }

    /** export/changes (producer and consumer): the form id or API source id of the changes; 0 = any. */
    public void setOriginId(String originId) {
        this.originId = originId;
    }

    public String getSince() {
        return since;
    }

    /**
     * export/changes: start of the time range (inclusive), YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS in UTC, or an ISO
     * instant; sent to Emarsys in Vienna time (header CamelEmarsysSince overrides). The consumer starts its first
     * window here (default: today 00:00 UTC), later windows at its watermark.
     */
    public void setSince(String since) {
        this.since = since;
    }

    public String getUntil() {
        return until;
    }

    /** export/changes: end of the time range (exclusive); default now (header CamelEmarsysUntil overrides). */
    public void setUntil(String until) {
        this.until = until;
    }

    public String getChangesTimeFormat() {
        return changesTimeFormat;
    }

    /**
     * export/changes (producer and consumer): how the time range is sent. date (the default): whole days, YYYY-MM-DD, as Emarsys documents
     * time_range; the range then covers every day the instants touch. datetime: YYYY-MM-DD HH:MM:SS in Vienna time,
     * which Emarsys enables only per account on request.
     */
    public void setChangesTimeFormat(String changesTimeFormat) {
        this.changesTimeFormat = changesTimeFormat;
    }

    public int getPageSize() {
        return pageSize;
    }

    /** Rows per download page of an export (producer and consumer), and ids per page of segment/members. */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public long getPollInterval() {
        return pollInterval;
    }

    /**
     * First wait in milliseconds between polls of an export (producer and consumer), a segment run or an evaluating
     * segment; it grows 1.5 times per poll up to 30 s. Not the consumer's delay between two exports (delay).
     */
    public void setPollInterval(long pollInterval) {
        this.pollInterval = pollInterval;
    }

    public long getPollTimeout() {
        return pollTimeout;
    }

    /** Longest wait in milliseconds for an export (producer and consumer) or a segment to be ready. */
    public void setPollTimeout(long pollTimeout) {
        this.pollTimeout = pollTimeout;
    }

    public String getOutputType() {
        return outputType;
    }

    /**
     * Export producers: rows (a lazy, closeable Iterator of Maps) or stream (the raw CSV as an InputStream). The
     * consumer always emits rows.
     */
    public void setOutputType(String outputType) {
        this.outputType = outputType;
    }

    public long getOverlap() {
        return overlap;
    }

    /**
     * export/changes consumer: each window starts this many milliseconds before the previous one ended, so that
     * changes Emarsys records late are not missed; rows already emitted unchanged are dropped.
     */
    public void setOverlap(long overlap) {
        this.overlap = overlap;
    }

    public org.apache.camel.spi.StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /** Export consumers: where the watermark and the progress of the current window are kept (default: stateFile). */
    public void setStateRepository(org.apache.camel.spi.StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public String getStateFile() {
        return stateFile;
    }

    /** Export consumers: the file of the default file-based state repository. */
    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }

    public String getStateKey() {
        return stateKey;
    }

    /** Export consumers: the key of this consumer's state; default derived from the operation, fields and filters. */
    public void setStateKey(String stateKey) {
        this.stateKey = stateKey;
    }
}

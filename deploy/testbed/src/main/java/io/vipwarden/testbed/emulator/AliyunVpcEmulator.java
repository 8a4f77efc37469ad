package io.vipwarden.testbed.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local emulator of the Alibaba Cloud VPC API (RPC style, version 2016-04-28) for HaVips, close
 * enough on the wire that the real {@code aliyun-java-sdk-vpc} cannot tell: signed requests
 * (HMAC-SHA1, replay protection), the real JSON shapes, error codes and HTTP statuses, asynchronous
 * association, and {@code MasterInstanceId} following the associated instance that announced last.
 *
 * <p>Besides the API at {@code /} it serves emulator-only endpoints under {@code /emulator/} (no
 * signature): announcements, fault injection, the call log, settings and state; see the README
 * section "Cloud providers and the emulator" and {@link EmulatorAdminClient}.
 *
 * <pre>{@code
 * try (AliyunVpcEmulator emulator = AliyunVpcEmulator.start(EmulatorConfig.defaults())) {
 *     String endpoint = emulator.endpoint();   // "127.0.0.1:PORT" for request.setSysEndpoint
 * }
 * }</pre>
 */
public final class AliyunVpcEmulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AliyunVpcEmulator.class);
    private static final String HOST_ID = "vpc.aliyuncs.com";
    private static final int MAX_CALLS_KEPT = 100_000;

    private final EmulatorConfig config;
    private final VpcApi api;
    private final SignatureVerifier verifier;
    private final FaultInjector faults = new FaultInjector();
    private final List<CallRecord> calls = new ArrayList<>();
    private final AtomicLong callSeq = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;

    private AliyunVpcEmulator(EmulatorConfig config, VpcState initial) throws IOException {
        this.config = config;
        this.api = new VpcApi(initial, config.clock(), config.associationDelay(), config.maxAssociatedInstances());
        this.verifier = new SignatureVerifier(config.credentials(), config.maxTimestampSkew(), config.clock());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "aliyun-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts an emulator: with {@code stateFile} set, loads it when it exists (else starts from the
     * default topology and creates it); binds {@code host:port} (port 0 = ephemeral).
     */
    public static AliyunVpcEmulator start(EmulatorConfig config) throws IOException {
        VpcState initial = VpcState.defaultTopology();
        if (config.stateFile() != null && Files.exists(config.stateFile())) {
            initial = VpcState.load(config.stateFile());
        }
        AliyunVpcEmulator emulator = new AliyunVpcEmulator(config, initial);
        emulator.save();
        log.info("Alibaba VPC API emulator listening on {} ({})", emulator.endpoint(), config);
        return emulator;
    }

    /**
     * Starts an emulator whose state is {@code initial}, kept in memory only: for fleets built in
     * code (a benchmark's thousand HaVips), where writing the whole state file after every call would
     * become part of what is measured. {@code config} must have no state file.
     */
    public static AliyunVpcEmulator start(EmulatorConfig config, VpcState initial) throws IOException {
        if (config.stateFile() != null) {
            throw new IllegalArgumentException("an emulator started from a state in memory takes no state file, got "
                    + config.stateFile());
        }
        AliyunVpcEmulator emulator = new AliyunVpcEmulator(config, java.util.Objects.requireNonNull(initial, "initial"));
        log.info("Alibaba VPC API emulator listening on {} ({}, {} HaVips in memory)", emulator.endpoint(), config,
                initial.haVips().size());
        return emulator;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port}, what {@code request.setSysEndpoint(...)} takes. */
    public String endpoint() {
        return config.host() + ":" + port();
    }

    /** Base URL of the emulator-only endpoints' server, e.g. {@code http://127.0.0.1:18080}. */
    public String baseUrl() {
        return "http://" + endpoint();
    }

    public EmulatorConfig config() {
        return config;
    }

    /** The current state (what {@code --state} saves). */
    public VpcState state() {
        return api.snapshot();
    }

    /** The calls received so far, oldest first. */
    public List<CallRecord> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Replaces the injected faults. */
    public void setFaults(Faults next) {
        faults.set(next);
    }

    /** In-process form of {@code POST /emulator/announce}. */
    public boolean announce(String havipIdOrIp, String instanceId) {
        boolean accepted = api.announce(havipIdOrIp, instanceId).accepted();
        if (accepted) {
            save();
        }
        return accepted;
    }

    /** Changes how long association and unassociation take from now on. */
    public void setAssociationDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("association delay must be >= 0, got " + delay);
        }
        api.setAssociationDelay(delay);
    }

    /** Adds an instance to a vSwitch (for fleets larger than the default six). */
    public void addInstance(String instanceId, String vSwitchId) {
        api.addInstance(instanceId, vSwitchId);
        save();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        save();
    }

    private void save() {
        if (config.stateFile() == null) {
            return;
        }
        try {
            api.snapshot().save(config.stateFile());
        } catch (IOException e) {
            log.warn("cannot save emulator state to {}: {}", config.stateFile(), e.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/emulator/")) {
                handleAdmin(exchange, path.substring("/emulator/".length()));
            } else {
                handleApi(exchange);
            }
        } catch (RuntimeException e) {
            log.warn("emulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                respond(exchange, 500, Map.of("RequestId", UUID.randomUUID().toString(), "HostId", HOST_ID,
                        "Code", "InternalError", "Message", "emulator failure: " + e));
            } catch (IOException | RuntimeException alreadyAnswered) {
                // the answer was under way when it failed: the client sees a broken response
            }
        }
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), params);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        String action = params.getOrDefault("Action", "");
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        long latency = faults.latencyMs();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean injected = false;
        Map<String, Object> answer;
        int status;
        String code;
        try {
            if (!method.equals("GET") && !method.equals("POST")) {
                throw new ApiError(400, "UnsupportedHTTPMethod", "Specified HTTP method is not supported: " + method);
            }
            ApiError outage = faults.outageError();
            if (outage != null) {
                injected = true;
                throw outage;
            }
            verifier.verify(method, params);
            if (!"JSON".equalsIgnoreCase(params.getOrDefault("Format", "JSON"))) {
                throw ApiError.invalid("Format", params.get("Format") + " (the emulator answers JSON only)");
            }
            ApiError fault = faults.errorFor(action);
            if (fault != null) {
                injected = true;
                throw fault;
            }
            if (action.isEmpty()) {
                throw ApiError.missing("Action");
            }
            answer = api.handle(action, params, requestId);
            status = 200;
            code = "OK";
            if (!action.startsWith("Describe")) {
                save();
            }
        } catch (ApiError e) {
            answer = new LinkedHashMap<>();
            answer.put("RequestId", requestId);
            answer.put("HostId", HOST_ID);
            answer.put("Code", e.code());
            answer.put("Message", e.getMessage());
            answer.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + e.code() + "&product=Vpc");
            status = e.httpStatus();
            code = e.code();
        }
        Map<String, String> logged = new LinkedHashMap<>(params);
        logged.remove("Signature");
        record(new CallRecord(callSeq.incrementAndGet(), config.clock().instant().toString(), action, logged, status,
                code, injected, String.valueOf(answer.get("RequestId"))));
        respond(exchange, status, answer);
    }

    private void record(CallRecord call) {
        synchronized (calls) {
            if (calls.size() >= MAX_CALLS_KEPT) {
                calls.remove(0);
            }
            calls.add(call);
        }
    }

    private void handleAdmin(HttpExchange exchange, String what) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        byte[] raw = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode in = raw.length == 0 ? VpcState.JSON.createObjectNode() : VpcState.JSON.readTree(raw);
            switch (method + " " + what) {
                case "GET health" -> respond(exchange, 200, Map.of("status", "ok"));
                case "POST announce" -> {
                    String target = in.hasNonNull("havipId") ? in.get("havipId").asText()
                            : in.hasNonNull("ip") ? in.get("ip").asText() : null;
                    String instanceId = in.hasNonNull("instanceId") ? in.get("instanceId").asText() : null;
                    if (target == null || instanceId == null) {
                        adminError(exchange, 400, "announce needs instanceId and one of havipId, ip");
                        return;
                    }
                    VpcApi.Announcement result = api.announce(target, instanceId);
                    if (result.accepted()) {
                        save();
                    }
                    respond(exchange, result.havipId() == null ? 404 : 200, result);
                }
                case "GET faults" -> respond(exchange, 200, faults.current());
                case "POST faults" -> {
                    faults.set(VpcState.JSON.treeToValue(in, Faults.class));
                    respond(exchange, 200, faults.current());
                }
                case "DELETE faults" -> {
                    faults.set(Faults.none());
                    respond(exchange, 200, faults.current());
                }
                case "GET calls" -> respond(exchange, 200, Map.of("calls", calls()));
                case "DELETE calls" -> {
                    synchronized (calls) {
                        calls.clear();
                    }
                    respond(exchange, 200, Map.of("calls", List.of()));
                }
                case "GET state" -> respond(exchange, 200, api.snapshot());
                case "GET settings" -> respond(exchange, 200, settings());
                case "POST settings" -> {
                    if (in.has("associationDelayMs")) {
                        long ms = in.get("associationDelayMs").asLong(-1);
                        if (ms < 0) {
                            adminError(exchange, 400, "associationDelayMs must be >= 0");
                            return;
                        }
                        api.setAssociationDelay(Duration.ofMillis(ms));
                    }
                    if (in.has("maxAssociatedInstances")) {
                        int max = in.get("maxAssociatedInstances").asInt(0);
                        if (max < 1) {
                            adminError(exchange, 400, "maxAssociatedInstances must be >= 1");
                            return;
                        }
                        api.setMaxAssociatedInstances(max);
                    }
                    respond(exchange, 200, settings());
                }
                case "POST instances" -> {
                    String instanceId = in.path("instanceId").asText("");
                    String vSwitchId = in.path("vSwitchId").asText("");
                    if (instanceId.isEmpty() || vSwitchId.isEmpty()) {
                        adminError(exchange, 400, "instances needs instanceId and vSwitchId");
                        return;
                    }
                    addInstance(instanceId, vSwitchId);
                    respond(exchange, 200, Map.of("instanceId", instanceId, "vSwitchId", vSwitchId));
                }
                default -> adminError(exchange, 404, "no emulator endpoint " + method + " /emulator/" + what);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            adminError(exchange, 400, e.getMessage());
        }
    }

    private Map<String, Object> settings() {
        return Map.of("associationDelayMs", api.associationDelay().toMillis(),
                "maxAssociatedInstances", api.maxAssociatedInstances());
    }

    private static void adminError(HttpExchange exchange, int status, String message) throws IOException {
        respond(exchange, status, Map.of("error", message == null ? "bad request" : message));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = VpcState.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }
}

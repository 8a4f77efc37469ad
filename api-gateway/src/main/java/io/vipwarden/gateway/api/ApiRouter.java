package io.vipwarden.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vipwarden.events.AuditEvent;
import io.vipwarden.events.HavipState;
import io.vipwarden.gateway.audit.AuditPage;
import io.vipwarden.gateway.audit.AuditQuery;
import io.vipwarden.gateway.audit.AuditStore;
import io.vipwarden.gateway.auth.Caller;
import io.vipwarden.gateway.auth.Role;
import io.vipwarden.gateway.auth.TokenAuthenticator;
import io.vipwarden.gateway.config.GatewayConfig;
import io.vipwarden.gateway.fleet.FleetView;
import io.vipwarden.gateway.fleet.NodeSighting;
import io.vipwarden.gateway.fleet.NodeSummary;
import io.vipwarden.gateway.metrics.GatewayMetrics;
import io.vipwarden.gateway.requests.OperatorActions;
import io.vipwarden.gateway.requests.RequestStatus;
import io.vipwarden.gateway.requests.RequestTracker;
import io.vipwarden.gateway.sse.LiveEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP route of the gateway, with who may call it. Handlers never block an event loop: audit
 * queries (file reads) run on worker threads; fleet look-ups are in-memory.
 */
public final class ApiRouter {
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);
    private static final String JSON = "application/json";
    private static final int MAX_ID_LENGTH = 200;
    private static final int MAX_REASON_LENGTH = 2000;
    private static final String CALLER = "vipwarden.caller";

    private final Vertx vertx;
    private final GatewayConfig config;
    private final FleetView fleet;
    private final AuditStore audit;
    private final RequestTracker requests;
    private final OperatorActions actions;
    private final LiveEvents live;
    private final GatewayMetrics metrics;
    private final TokenAuthenticator tokens;
    private final BooleanSupplier ready;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final byte[] openApi;
    private final byte[] statusPage;

    public ApiRouter(Vertx vertx, GatewayConfig config, FleetView fleet, AuditStore audit, RequestTracker requests,
            OperatorActions actions, LiveEvents live, GatewayMetrics metrics, TokenAuthenticator tokens,
            BooleanSupplier ready, ObjectMapper mapper, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.fleet = fleet;
        this.audit = audit;
        this.requests = requests;
        this.actions = actions;
        this.live = live;
        this.metrics = metrics;
        this.tokens = tokens;
        this.ready = ready;
        this.mapper = mapper;
        this.clock = clock;
        this.openApi = resource("openapi.yaml");
        this.statusPage = resource("web/index.html");
    }

    public Router create() {
        Router router = Router.router(vertx);
        router.route().handler(this::timed);
        route(router, HttpMethod.GET, "/", Access.OPEN, ctx -> ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").end(Buffer.buffer(statusPage)));
        route(router, HttpMethod.GET, "/openapi.yaml", Access.OPEN, ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(Buffer.buffer(openApi)));
        route(router, HttpMethod.GET, "/healthz", Access.HEALTH, ctx -> json(ctx, 200, Map.of("status", "UP")));
        route(router, HttpMethod.GET, "/readyz", Access.HEALTH, this::readyz);
        route(router, HttpMethod.GET, "/metrics", Access.METRICS, this::metrics);
        route(router, HttpMethod.GET, "/api/v1/havips", Access.READ, this::havips);
        route(router, HttpMethod.GET, "/api/v1/havips/:id", Access.READ, this::havip);
        route(router, HttpMethod.GET, "/api/v1/nodes", Access.READ, this::nodes);
        route(router, HttpMethod.GET, "/api/v1/nodes/:id", Access.READ, this::node);
        route(router, HttpMethod.GET, "/api/v1/audit", Access.READ, this::audit);
        route(router, HttpMethod.GET, "/api/v1/events", Access.READ, this::events);
        route(router, HttpMethod.GET, "/api/v1/requests/:id", Access.READ, this::request);
        route(router, HttpMethod.POST, "/api/v1/havips/:id/switchover", Access.OPERATE, this::switchover);
        route(router, HttpMethod.POST, "/api/v1/havips/:id/maintenance", Access.OPERATE, this::maintenance);
        route(router, HttpMethod.POST, "/api/v1/havips/:id/acknowledge", Access.OPERATE, this::acknowledge);
        router.route().last().handler(ctx -> error(ctx, 404, "not_found", "no route " + ctx.request().method() + " "
                + ctx.request().path(), null));
        router.route().failureHandler(this::failure);
        return router;
    }

    private void route(Router router, HttpMethod method, String path, Access access, Handler<RoutingContext> h) {
        var route = router.route(method, path);
        if (method == HttpMethod.POST) {
            // Vert.x wants the body handler first; the limit bounds what an unauthenticated caller can send.
            route.handler(BodyHandler.create(false).setBodyLimit(config.httpBodyLimitBytes()));
        }
        route.handler(ctx -> authorize(ctx, access));
        route.handler(ctx -> {
            try {
                h.handle(ctx);
            } catch (BadParameterException e) {
                error(ctx, 400, "bad_parameter", e.getMessage(), e.field());
            }
        });
    }

    private void timed(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addBodyEndHandler(v -> {
            String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null ? "other"
                    : ctx.currentRoute().getPath();
            metrics.httpRequest(route, ctx.request().method().name(), ctx.response().getStatusCode(),
                    (System.nanoTime() - start) / 1e9);
        });
        ctx.next();
    }

    private void authorize(RoutingContext ctx, Access access) {
        Role required = switch (access) {
            case OPEN -> null;
            case HEALTH -> config.authHealthOpen() ? null : Role.VIEWER;
            case METRICS -> config.authMetricsOpen() ? null : Role.VIEWER;
            case READ -> config.authReadOpen() ? null : Role.VIEWER;
            case OPERATE -> Role.OPERATOR;
        };
        String header = ctx.request().getHeader("Authorization");
        Optional<Caller> caller = tokens.authenticate(header);
        if (caller.isEmpty() && header == null && ctx.request().path().equals("/api/v1/events")) {
            // Browsers' EventSource cannot send headers: the status page passes its token as a parameter.
            String param = ctx.request().getParam("access_token");
            caller = param == null ? Optional.empty() : tokens.authenticateToken(param);
        }
        if (required == null) {
            ctx.put(CALLER, caller.orElse(Caller.ANONYMOUS));
            ctx.next();
            return;
        }
        if (caller.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vipwarden\"");
            error(ctx, 401, "unauthorized", header == null ? "this endpoint needs a bearer token"
                    : "the bearer token is not valid", null);
            return;
        }
        if (!caller.get().may(required)) {
            String why = "identity '" + caller.get().identity() + "' has role "
                    + caller.get().role().name().toLowerCase(Locale.ROOT) + "; this needs "
                    + required.name().toLowerCase(Locale.ROOT);
            if (access == Access.OPERATE) {
                auditDenied(ctx, caller.get(), why);
            }
            error(ctx, 403, "forbidden", why, null);
            return;
        }
        ctx.put(CALLER, caller.get());
        ctx.next();
    }

    private void auditDenied(RoutingContext ctx, Caller caller, String why) {
        String havip = ctx.pathParam("id");
        String path = ctx.request().path();
        String kind = path.substring(path.lastIndexOf('/') + 1);
        if (havip == null || havip.isBlank() || havip.length() > MAX_ID_LENGTH) {
            return;
        }
        vertx.executeBlocking(() -> {
            actions.denied(havip, kind, caller.identity(), why);
            return null;
        }, false).onFailure(e -> log.warn("could not audit a denied {} by {}: {}", kind, caller.identity(),
                e.toString()));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        Throwable failure = ctx.failure();
        if (failure instanceof BadParameterException e) {
            error(ctx, 400, "bad_parameter", e.getMessage(), e.field());
        } else if (status == 413) {
            error(ctx, 413, "body_too_large", "the request body is larger than " + config.httpBodyLimitBytes()
                    + " bytes", null);
        } else if (status >= 500) {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            error(ctx, status, "internal_error", "the gateway could not answer; see its log", null);
        } else {
            error(ctx, status, "error", failure == null ? "request failed" : failure.getMessage(), null);
        }
    }

    private void readyz(RoutingContext ctx) {
        boolean ok = ready.getAsBoolean();
        json(ctx, ok ? 200 : 503, Map.of("status", ok ? "READY" : "NOT_READY", "auditEvents", audit.size(),
                "havips", fleet.havips().size()));
    }

    private void metrics(RoutingContext ctx) {
        GatewayMetrics.Scrape scrape = metrics.scrape(ctx.request().getHeader("Accept"));
        ctx.response().putHeader("Content-Type", scrape.contentType()).end(Buffer.buffer(scrape.body()));
    }

    private void havips(RoutingContext ctx) {
        ArrayNode items = mapper.createArrayNode();
        fleet.havips().forEach(s -> items.add(havipSummary(s)));
        ObjectNode body = mapper.createObjectNode();
        body.set("items", items);
        json(ctx, 200, body);
    }

    private ObjectNode havipSummary(HavipState s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("havipId", s.havipId());
        n.put("vip", s.vip());
        n.put("vpcId", s.vpcId());
        n.put("phase", s.phase().name());
        n.put("owner", s.ownerNode());
        n.put("epoch", s.epoch());
        n.put("membersUp", FleetView.membersUp(s));
        n.put("members", s.members().size());
        n.put("healthyStandby", FleetView.healthyStandby(s));
        n.put("maintenance", s.maintenance());
        n.put("frozen", s.frozen());
        n.put("lastFailoverAt", s.lastFailoverAt() == null ? null : s.lastFailoverAt().toString());
        n.put("updatedAt", s.updatedAt().toString());
        return n;
    }

    private void havip(RoutingContext ctx) {
        String id = idParam(ctx, "id");
        Optional<HavipState> state = fleet.havip(id);
        if (state.isEmpty()) {
            error(ctx, 404, "not_found", "no HaVip '" + id + "' is known", "id");
            return;
        }
        HavipState s = state.get();
        int decisions = config.havipRecentDecisions();
        blocking(ctx, () -> decisions == 0 ? new AuditPage(List.of(), -1)
                : audit.query(AuditQuery.newest(decisions).withHavip(id).withType(AuditEvent.Type.DECISION)))
                .onSuccess(page -> {
                    ObjectNode n = havipSummary(s);
                    ArrayNode members = n.putArray("members");
                    Map<String, NodeSighting> reported = fleet.sightings(id).stream()
                            .collect(Collectors.toMap(NodeSighting::nodeId, x -> x));
                    for (HavipState.Member m : s.members()) {
                        ObjectNode mn = members.addObject();
                        mn.put("nodeId", m.nodeId());
                        mn.put("cloudInstanceId", m.cloudInstanceId());
                        mn.put("vrrpState", m.vrrpState().name());
                        mn.put("priority", m.priority());
                        mn.put("healthy", m.healthy());
                        mn.put("alive", m.alive());
                        mn.put("fenced", m.fenced());
                        mn.put("owner", m.nodeId().equals(s.ownerNode()));
                        mn.put("lastSeen", m.lastSeen() == null ? null : m.lastSeen().toString());
                        NodeSighting r = reported.get(m.nodeId());
                        if (r != null) {
                            mn.set("reported", mapper.valueToTree(r));
                        }
                    }
                    ObjectNode cloud = n.putObject("cloud");
                    cloud.set("associated", mapper.valueToTree(s.cloudAssociated()));
                    cloud.put("master", s.cloudMaster());
                    n.put("holdDownUntil", s.holdDownUntil() == null ? null : s.holdDownUntil().toString());
                    n.put("lastReason", s.lastReason());
                    ArrayNode recent = n.putArray("recentDecisions");
                    for (AuditPage.Entry e : page.entries()) {
                        recent.add(readTree(e.json()));
                    }
                    json(ctx, 200, n);
                });
    }

    private void nodes(RoutingContext ctx) {
        ObjectNode body = mapper.createObjectNode();
        body.set("items", mapper.valueToTree(fleet.nodes()));
        json(ctx, 200, body);
    }

    private void node(RoutingContext ctx) {
        String id = idParam(ctx, "id");
        Optional<NodeSummary> node = fleet.node(id);
        if (node.isEmpty()) {
            error(ctx, 404, "not_found", "no node '" + id + "' is known", "id");
            return;
        }
        json(ctx, 200, mapper.valueToTree(node.get()));
    }

    private void audit(RoutingContext ctx) {
        var p = ctx.request().params();
        for (String name : p.names()) {
            if (!List.of("havip", "node", "type", "since", "until", "limit", "cursor", "format").contains(name)) {
                throw new BadParameterException(name, "unknown parameter '" + name + "'; known: havip, node, type,"
                        + " since, until, limit, cursor, format");
            }
        }
        AuditFormat format = AuditFormat.choose(p.get("format"), ctx.request().getHeader("Accept"));
        String havip = optionalId(p.get("havip"), "havip");
        String node = optionalId(p.get("node"), "node");
        AuditEvent.Type type = null;
        if (p.get("type") != null) {
            try {
                type = AuditEvent.Type.valueOf(p.get("type").trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("type", "type must be one of "
                        + Arrays.toString(AuditEvent.Type.values()) + "; got '" + p.get("type") + "'");
            }
        }
        long since = p.get("since") == null ? Long.MIN_VALUE
                : TimeParam.parse("since", p.get("since"), clock).toEpochMilli();
        long until = p.get("until") == null ? Long.MAX_VALUE
                : TimeParam.parse("until", p.get("until"), clock).toEpochMilli();
        if (since != Long.MIN_VALUE && until != Long.MAX_VALUE && since >= until) {
            throw new BadParameterException("since", "since must be before until");
        }
        int limit = config.auditQueryDefaultLimit();
        if (p.get("limit") != null) {
            try {
                limit = Integer.parseInt(p.get("limit").trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > config.auditQueryMaxLimit()) {
                throw new BadParameterException("limit", "limit must be a whole number from 1 to "
                        + config.auditQueryMaxLimit() + "; got '" + p.get("limit") + "'");
            }
        }
        long before = p.get("cursor") == null ? Long.MAX_VALUE : AuditCursor.decode(audit.generation(), p.get("cursor"));
        AuditQuery query = new AuditQuery(havip, node, type, since, until, limit, before);
        blocking(ctx, () -> render(audit.query(query), format)).onSuccess(rendered -> {
            if (rendered.nextCursor() != null) {
                ctx.response().putHeader("X-Next-Cursor", rendered.nextCursor());
            }
            ctx.response().putHeader("Content-Type", format.contentType()).end(rendered.body());
        });
    }

    private record Rendered(Buffer body, String nextCursor) {
    }

    private Rendered render(AuditPage page, AuditFormat format) {
        String next = page.hasMore() ? AuditCursor.encode(audit.generation(), page.nextBeforeSeq()) : null;
        Buffer out = Buffer.buffer(page.entries().size() * 400 + 64);
        switch (format) {
            case JSON -> {
                out.appendString("{\"items\":[");
                for (int i = 0; i < page.entries().size(); i++) {
                    if (i > 0) {
                        out.appendString(",");
                    }
                    out.appendBytes(page.entries().get(i).json());
                }
                out.appendString("],\"nextCursor\":").appendString(next == null ? "null" : "\"" + next + "\"")
                        .appendString("}");
            }
            case NDJSON -> page.entries().forEach(e -> out.appendBytes(e.json()).appendString("\n"));
            case CSV -> {
                out.appendString("at,auditId,havipId,nodeId,type,actor,epoch,reason,outcome,inputs\r\n");
                for (AuditPage.Entry e : page.entries()) {
                    AuditEvent a = readAudit(e.json());
                    out.appendString(String.join(",", csv(a.at().toString()), csv(a.auditId()), csv(a.havipId()),
                            csv(a.nodeId()), csv(a.type().name()), csv(a.actor()),
                            csv(a.epoch() == null ? null : a.epoch().toString()), csv(a.reason()), csv(a.outcome()),
                            csv(writeJson(new java.util.TreeMap<>(a.inputs()))))).appendString("\r\n");
                }
            }
        }
        return new Rendered(out, next);
    }

    private static String csv(String v) {
        if (v == null) {
            return "";
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        // A leading =,+,-,@ would run as a formula in a spreadsheet: auditors open these in one.
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private void events(RoutingContext ctx) {
        String havip = optionalId(ctx.request().getParam("havip"), "havip");
        live.stream(ctx, havip);
    }

    private void request(RoutingContext ctx) {
        String id = idParam(ctx, "id");
        Optional<RequestStatus> status = requests.get(id);
        if (status.isEmpty()) {
            error(ctx, 404, "not_found", "no request '" + id + "' is known", "id");
            return;
        }
        json(ctx, 200, mapper.valueToTree(status.get()));
    }

    private void switchover(RoutingContext ctx) {
        HavipState s = knownHavip(ctx);
        if (s == null) {
            return;
        }
        JsonNode body = bodyObject(ctx, List.of("target", "reason"));
        String target = requiredText(body, "target", MAX_ID_LENGTH);
        String reason = requiredText(body, "reason", MAX_REASON_LENGTH);
        if (s.members().stream().noneMatch(m -> m.nodeId().equals(target))) {
            throw new BadParameterException("target", "target '" + target + "' is not a member of HaVip "
                    + s.havipId() + " (members: " + s.members().stream().map(HavipState.Member::nodeId).toList()
                    + ")");
        }
        String who = caller(ctx).identity();
        accepted(ctx, "switchover", () -> actions.switchover(s.havipId(), target, reason, who));
    }

    private void maintenance(RoutingContext ctx) {
        HavipState s = knownHavip(ctx);
        if (s == null) {
            return;
        }
        JsonNode body = bodyObject(ctx, List.of("enabled", "reason"));
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw new BadParameterException("enabled", "enabled must be true or false");
        }
        String reason = requiredText(body, "reason", MAX_REASON_LENGTH);
        String who = caller(ctx).identity();
        boolean on = enabled.booleanValue();
        accepted(ctx, "maintenance", () -> actions.maintenance(s.havipId(), on, reason, who));
    }

    private void acknowledge(RoutingContext ctx) {
        HavipState s = knownHavip(ctx);
        if (s == null) {
            return;
        }
        JsonNode body = bodyObject(ctx, List.of("reason"));
        String reason = requiredText(body, "reason", MAX_REASON_LENGTH);
        String who = caller(ctx).identity();
        accepted(ctx, "acknowledge", () -> actions.acknowledge(s.havipId(), reason, who));
    }

    private void accepted(RoutingContext ctx, String kind, java.util.concurrent.Callable<RequestStatus> submit) {
        vertx.executeBlocking(submit, false).onComplete(result -> {
            if (result.failed()) {
                log.error("could not publish a {} request: {}", kind, result.cause().toString());
                error(ctx, 503, "unavailable", "the request could not be handed to the coordinators; nothing"
                        + " was requested. Try again.", null);
                return;
            }
            metrics.operatorRequest(kind);
            RequestStatus status = result.result();
            log.info("{} request {} for HaVip {} by {}", kind, status.requestId(), status.havipId(),
                    status.requestedBy());
            ObjectNode n = mapper.createObjectNode();
            n.put("requestId", status.requestId());
            n.put("status", status.state().name());
            n.put("href", "/api/v1/requests/" + status.requestId());
            ctx.response().putHeader("Location", "/api/v1/requests/" + status.requestId());
            json(ctx, 202, n);
        });
    }

    private HavipState knownHavip(RoutingContext ctx) {
        String id = idParam(ctx, "id");
        Optional<HavipState> s = fleet.havip(id);
        if (s.isEmpty()) {
            error(ctx, 404, "not_found", "no HaVip '" + id + "' is known", "id");
            return null;
        }
        return s.get();
    }

    private JsonNode bodyObject(RoutingContext ctx, List<String> known) {
        Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            throw new BadParameterException("body", "a JSON object body is required with " + known);
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw.getBytes());
        } catch (IOException e) {
            throw new BadParameterException("body", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadParameterException("body", "the body must be a JSON object with " + known);
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new BadParameterException(f, "unknown field '" + f + "'; known: " + known);
            }
        });
        return node;
    }

    private static String requiredText(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new BadParameterException(field, field + " is required: a non-empty string");
        }
        String text = v.asText().trim();
        if (text.length() > max) {
            throw new BadParameterException(field, field + " must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new BadParameterException(field, field + " must not contain control characters");
        }
        return text;
    }

    private static String idParam(RoutingContext ctx, String name) {
        String id = ctx.pathParam(name);
        String checked = optionalId(id, name);
        if (checked == null) {
            throw new BadParameterException(name, name + " is required");
        }
        return checked;
    }

    private static String optionalId(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_ID_LENGTH || value.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new BadParameterException(field, field + " must be 1-" + MAX_ID_LENGTH
                    + " printable characters without spaces; got '" + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return value;
    }

    private Caller caller(RoutingContext ctx) {
        Caller c = ctx.get(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    private <T> Future<T> blocking(RoutingContext ctx, java.util.concurrent.Callable<T> work) {
        Future<T> f = vertx.executeBlocking(work, false);
        return f.onFailure(ctx::fail);
    }

    private void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(writeJson(body));
    }

    private void error(RoutingContext ctx, int status, String error, String message, String field) {
        ObjectNode n = mapper.createObjectNode();
        n.put("error", error);
        n.put("message", message);
        if (field != null) {
            n.put("field", field);
        }
        json(ctx, status, n);
    }

    private String writeJson(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readTree(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AuditEvent readAudit(byte[] json) {
        try {
            return mapper.readValue(json, AuditEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the gateway jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The routes as (method, OpenAPI-style path) pairs, for the check that the OpenAPI file matches. */
    public static List<String> describe(Router router) {
        List<String> out = new ArrayList<>();
        router.getRoutes().forEach(r -> {
            if (r.getPath() != null && r.methods() != null) {
                r.methods().forEach(m -> out.add(m.name() + " " + r.getPath().replaceAll(":([a-zA-Z]+)", "{$1}")));
            }
        });
        return out;
    }
}

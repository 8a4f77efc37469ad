# The vipwarden Grafana dashboards, written as jq so that layout, data source and variables are
# made in one place. `dashboards/grafana/generate.sh` writes one JSON file per dashboard into
# dashboards/grafana/dashboards/; `dashboards/check.sh` fails when the committed files differ.
# Run with: jq -n -f dashboards.jq  (emits an array of dashboards)

def ds: {type: "prometheus", uid: "${datasource}"};

# A query: expression, legend; opts may set instant/format.
def q($expr; $legend): {expr: $expr, legendFormat: $legend};
def q($expr): q($expr; "__auto");

def targets($qs):
  [$qs | to_entries[] | .value + {refId: ([65 + .key] | implode), datasource: ds}
    | if .instant then . + {range: false} else . + {range: true, instant: false} end];

# panel($type; $title; $unit; $width; $height; $queries) and friends.
def panel($type; $title; $description; $unit; $w; $h; $qs):
  {type: $type, title: $title, description: $description, datasource: ds,
   gridPos: {w: $w, h: $h},
   fieldConfig: {defaults: {unit: $unit}, overrides: []},
   targets: targets($qs)};

def timeseries($title; $description; $unit; $w; $qs):
  panel("timeseries"; $title; $description; $unit; $w; 8; $qs)
  | .options = {legend: {displayMode: "list", placement: "bottom", showLegend: true},
                tooltip: {mode: "multi", sort: "desc"}};

def stacked: .fieldConfig.defaults.custom = {stacking: {mode: "normal", group: "A"}, fillOpacity: 30};
def bars: .fieldConfig.defaults.custom = {drawStyle: "bars", fillOpacity: 60, stacking: {mode: "normal", group: "A"}};
def minzero: .fieldConfig.defaults.min = 0;

def stat($title; $description; $unit; $w; $qs):
  panel("stat"; $title; $description; $unit; $w; 4; $qs)
  | .options = {reduceOptions: {calcs: ["lastNotNull"], fields: "", values: false},
                colorMode: "background", graphMode: "none", textMode: "value_and_name", justifyMode: "auto"};

# Thresholds: green below $red, red from $red on.
def red_from($red):
  .fieldConfig.defaults.thresholds = {mode: "absolute", steps: [{color: "green", value: null}, {color: "red", value: $red}]};
# Red below $green (for "up"-like values).
def green_from($green):
  .fieldConfig.defaults.thresholds = {mode: "absolute", steps: [{color: "red", value: null}, {color: "green", value: $green}]};

def state_timeline($title; $description; $w; $qs):
  panel("state-timeline"; $title; $description; "none"; $w; 8; $qs)
  | .options = {showValue: "never", mergeValues: true, rowHeight: 0.8,
                legend: {displayMode: "list", placement: "bottom", showLegend: true}}
  | .fieldConfig.defaults.color = {mode: "palette-classic"};

def table($title; $description; $unit; $w; $qs):
  panel("table"; $title; $description; $unit; $w; 8; [$qs[] | . + {instant: true, format: "table"}])
  | .options = {showHeader: true, cellHeight: "sm"}
  | .transformations = [{id: "merge", options: {}},
                         {id: "organize", options: {excludeByName: {Time: true, job: true, __name__: true}}}];

def heatmap($title; $description; $w; $qs):
  panel("heatmap"; $title; $description; "s"; $w; 8; [$qs[] | . + {format: "heatmap", legendFormat: "{{le}}"}])
  | .options = {calculate: false, yAxis: {unit: "s"}, cellGap: 1,
                color: {mode: "scheme", scheme: "Oranges", steps: 64},
                tooltip: {show: true, yHistogram: true}};

def bargauge($title; $description; $unit; $w; $qs):
  panel("bargauge"; $title; $description; $unit; $w; 8; [$qs[] | . + {instant: true}])
  | .options = {orientation: "horizontal", displayMode: "gradient",
                reduceOptions: {calcs: ["lastNotNull"], fields: "", values: false}};

def row($title): {type: "row", title: $title, collapsed: false, gridPos: {w: 24, h: 1}, panels: []};

# Packs panels left to right, top to bottom on Grafana's 24-column grid and numbers them.
def layout:
  reduce .[] as $p ({x: 0, y: 0, rowh: 0, id: 1, out: []};
    (if $p.type == "row" or .x + $p.gridPos.w > 24 then .y += .rowh | .x = 0 | .rowh = 0 else . end)
    | . as $s
    | .out += [$p | .id = $s.id | .gridPos.x = $s.x | .gridPos.y = $s.y]
    | .x += (if $p.type == "row" then 24 else $p.gridPos.w end)
    | .rowh = ([.rowh, $p.gridPos.h] | max) | .id += 1)
  | .out;

def datasource_var:
  {name: "datasource", label: "Data source", type: "datasource", query: "prometheus",
   current: {selected: false, text: "vipwarden-prometheus", value: "vipwarden-prometheus"},
   hide: 0, refresh: 1, regex: "", options: []};

def query_var($name; $title; $query; $multi):
  {name: $name, label: $title, type: "query", datasource: ds,
   query: {query: $query, refId: "PrometheusVariableQueryEditor-VariableQuery", qryType: 1},
   definition: $query, refresh: 2, sort: 1, hide: 0, regex: "",
   multi: $multi, includeAll: $multi, allValue: (if $multi then ".*" else null end),
   current: {}, options: []};

def havip_var($multi): query_var("havip"; "HaVip"; "label_values(vipwarden_havip_epoch, havip)"; $multi);
def node_var: query_var("node"; "Node"; "label_values(vipwarden_agent_vrrp_state{havip=~\"$havip\"}, node)"; true);
def coordinator_var: query_var("coordinator"; "Coordinator"; "label_values(vipwarden_coordinator_ready, instance)"; true);

def dashboard($uid; $title; $description; $vars; $panels):
  {uid: $uid, title: $title, description: $description,
   tags: ["vipwarden"], timezone: "utc", editable: true, graphTooltip: 1,
   schemaVersion: 39, version: 1, refresh: "30s",
   time: {from: "now-6h", to: "now"}, timepicker: {},
   fiscalYearStartMonth: 0, liveNow: false, weekStart: "",
   links: [{title: "vipwarden dashboards", type: "dashboards", tags: ["vipwarden"], asDropdown: true,
            includeVars: true, keepTime: true, icon: "external link", targetBlank: false, tooltip: "", url: ""}],
   annotations: {list: [
     {builtIn: 1, datasource: {type: "grafana", uid: "-- Grafana --"}, enable: true, hide: true,
      iconColor: "rgba(0, 211, 255, 1)", name: "Annotations & Alerts", type: "dashboard"},
     {name: "vipwarden alerts", datasource: ds, enable: true, iconColor: "red",
      expr: "ALERTS{alertname=~\"Vipwarden.*\", alertstate=\"firing\"}",
      titleFormat: "{{alertname}}", textFormat: "{{havip}} {{node}} {{instance}}", step: "30s"}]},
   templating: {list: ([datasource_var] + $vars)},
   panels: ($panels | layout)};

[
# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-fleet"; "vipwarden / Fleet overview";
  "Every HaVip at a glance: phases, owners, standbys, failovers, and whether the control plane is up.";
  [];
  [ row("HaVips"),
    (stat("HaVips"; "HaVips the coordinators know (fleet gauges from the gateway)."; "none"; 4;
      [q("vipwarden:havips:count"; "HaVips")])),
    (stat("Split brain"; "HaVips in phase split_brain now."; "none"; 4;
      [q("sum(vipwarden_havip_phase{phase=\"split_brain\"})"; "split brain")]) | red_from(1)),
    (stat("Without healthy standby"; "HaVips whose next owner failure is an outage."; "none"; 4;
      [q("count(vipwarden_havip_healthy_standby == 0) or vector(0)"; "no standby")]) | red_from(1)),
    (stat("Frozen"; "HaVips whose automation is frozen after too many failovers."; "none"; 4;
      [q("sum(vipwarden_havip_phase{phase=\"frozen\"})"; "frozen")]) | red_from(1)),
    (stat("Coordinators with quorum"; "Coordinators that see a majority and may decide."; "none"; 4;
      [q("sum(vipwarden_coordinator_quorum_present)"; "quorum")]) | green_from(2)),
    (stat("Agents up"; "Agents answering scrapes / all agent targets."; "percentunit"; 4;
      [q("avg(up{job=\"vipwarden-agent\"})"; "agents up")]) | green_from(1)),
    (timeseries("HaVips by phase"; "How many HaVips are in each phase (recorded: vipwarden:havips_by_phase:sum)."; "none"; 12;
      [q("vipwarden:havips_by_phase:sum"; "{{phase}}")]) | stacked),
    (timeseries("Failovers by reason"; "Owner changes per second decided by the coordinators, by reason."; "ops"; 12;
      [q("vipwarden:coordinator_failovers:rate5m"; "{{reason}}")]) | bars),
    (table("Owners"; "Current owner and epoch of every HaVip."; "none"; 12;
      [q("vipwarden_havip_owner_info == 1"; ""), q("vipwarden_havip_epoch"; "")])
      | .transformations[1].options.renameByName = {"Value #A": "owned", "Value #B": "epoch"}),
    (table("Phase and standby of every HaVip"; "Current phase, members up and healthy standby (1 = yes) per HaVip."; "none"; 12;
      [q("vipwarden_havip_phase == 1"; ""), q("vipwarden_havip_members_up"; ""), q("vipwarden_havip_healthy_standby"; "")])
      | .transformations[1].options.renameByName = {"Value #B": "members up", "Value #C": "healthy standby"}
      | .transformations[1].options.excludeByName["Value #A"] = true),
    (row("Gateway")),
    (stat("Gateway ready"; "1 when the gateway has caught up with its topics."; "none"; 6;
      [q("max(vipwarden_gateway_ready)"; "ready")]) | green_from(1)),
    (timeseries("Audit events ingested"; "Audit events read from the audit topic per second."; "ops"; 9;
      [q("sum(rate(vipwarden_gateway_audit_events_ingested_total[$__rate_interval]))"; "ingested")])),
    (timeseries("API requests by status"; "Gateway HTTP requests per second by status code."; "reqps"; 9;
      [q("sum by (code) (rate(vipwarden_gateway_http_requests_total[$__rate_interval]))"; "{{code}}")]))
  ]),

# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-havip"; "vipwarden / HaVip detail";
  "One HaVip: owner and epoch over time, each member's VRRP state, health and fencing.";
  [havip_var(false), node_var];
  [ stat("Owner"; "The node the coordinators granted the HaVip to."; "none"; 6;
      [q("vipwarden_havip_owner_info{havip=~\"$havip\"} == 1"; "{{node}}")])
      | .options.textMode = "name",
    (stat("Epoch"; "Fencing epoch: grows by one on every change of owner."; "none"; 4;
      [q("vipwarden_havip_epoch{havip=~\"$havip\"}"; "epoch")])),
    (stat("Members up"; "Members the coordinators report alive."; "none"; 4;
      [q("vipwarden_havip_members_up{havip=~\"$havip\"}"; "members up")]) | green_from(2)),
    (stat("Healthy standby"; "1 when a member other than the owner is alive, healthy and not fenced."; "bool_yes_no"; 4;
      [q("vipwarden_havip_healthy_standby{havip=~\"$havip\"}"; "standby")]) | green_from(1)),
    (stat("Since last failover"; "Time since the last change of owner."; "s"; 6;
      [q("vipwarden_havip_last_failover_age_seconds{havip=~\"$havip\"}"; "since failover")])),
    (state_timeline("Phase"; "The HaVip's phase over time."; 24;
      [q("max by (phase) (vipwarden_havip_phase{havip=~\"$havip\"}) == 1"; "{{phase}}")])),
    (state_timeline("Owner over time"; "Which node owned the HaVip when."; 12;
      [q("max by (node) (vipwarden_havip_owner_info{havip=~\"$havip\"})"; "{{node}}")])),
    (timeseries("Epoch over time"; "Steps are owner changes."; "none"; 12;
      [q("vipwarden_havip_epoch{havip=~\"$havip\"}"; "epoch")])),
    (state_timeline("Members' VRRP state"; "keepalived state each member's agent reports."; 24;
      [q("max by (node, state) (vipwarden_agent_vrrp_state{havip=~\"$havip\", node=~\"$node\"}) == 1"; "{{node}} {{state}}")])),
    (state_timeline("Health checks"; "1 when all health checks of the HaVip pass on the node."; 12;
      [q("vipwarden_agent_havip_healthy{havip=~\"$havip\", node=~\"$node\"}"; "{{node}}")])),
    (state_timeline("Fenced"; "1 while the node is fenced for this HaVip (track_file non-zero)."; 12;
      [q("vipwarden_agent_fenced{havip=~\"$havip\", node=~\"$node\"}"; "{{node}}")])),
    (timeseries("Decisions by input (all HaVips)"; "Decisions the coordinators stored per second, by input type (the counter has no HaVip label)."; "ops"; 12;
      [q("sum by (input) (rate(vipwarden_coordinator_decisions_total[$__rate_interval]))"; "{{input}}")])),
    (timeseries("Commands by type (all HaVips)"; "Commands the coordinators published per second, by type."; "ops"; 12;
      [q("sum by (type) (rate(vipwarden_coordinator_commands_total[$__rate_interval]))"; "{{type}}")]))
  ]),

# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-failover-latency"; "vipwarden / Failover latency";
  "From an agent's event to the coordinator's command, and the cloud calls that move the VIP.";
  [];
  [ heatmap("Decision latency"; "Distribution of the time from the agent producing the event to the coordinator producing the command."; 12;
      [q("sum by (le) (increase(vipwarden_coordinator_decision_latency_seconds_bucket[$__rate_interval]))")]),
    (timeseries("Decision latency percentiles"; "p50, p90, p99 over 5 minutes (recorded)."; "s"; 12;
      [q("vipwarden:coordinator_decision_latency_seconds:p50_5m"; "p50"),
       q("vipwarden:coordinator_decision_latency_seconds:p90_5m"; "p90"),
       q("vipwarden:coordinator_decision_latency_seconds:p99_5m"; "p99")]) | minzero),
    (timeseries("Cloud call duration p99 by action"; "One HTTP round trip to the cloud API (AssociateHaVip is asynchronous: the move completes later)."; "s"; 12;
      [q("vipwarden:cloud_call_duration_seconds:p99_5m"; "{{provider}} {{action}}")]) | minzero),
    (timeseries("Mean cloud call duration by action"; "Sum of durations / calls over the interval."; "s"; 12;
      [q("sum by (provider, action) (rate(vipwarden_cloud_call_duration_seconds_sum[$__rate_interval])) / sum by (provider, action) (rate(vipwarden_cloud_call_duration_seconds_count[$__rate_interval]))"; "{{provider}} {{action}}")]) | minzero),
    (timeseries("Failovers by reason"; "Owner changes per second."; "ops"; 12;
      [q("vipwarden:coordinator_failovers:rate5m"; "{{reason}}")]) | bars),
    (bargauge("Time since last failover"; "Per HaVip; HaVips that never failed over have no bar."; "s"; 12;
      [q("sort(vipwarden_havip_last_failover_age_seconds)"; "{{havip}}")]))
  ]),

# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-split-brain"; "vipwarden / Split brain and fencing";
  "Who claims MASTER, what the coordinators fenced, and what the token fence refused.";
  [havip_var(true)];
  [ stat("In split brain now"; "HaVips the coordinators see in split brain."; "none"; 6;
      [q("sum(vipwarden_havip_phase{phase=\"split_brain\", havip=~\"$havip\"})"; "split brain")]) | red_from(1),
    (stat("Nodes fenced now (agents)"; "Agents whose track_file is set."; "none"; 6;
      [q("sum(vipwarden_agent_fenced{havip=~\"$havip\"})"; "fenced")]) | red_from(1)),
    (stat("Members fenced (coordinators)"; "Fenced members in the HaVip records, summed over the coordinators (each holds a share of the records)."; "none"; 6;
      [q("sum(vipwarden_coordinator_fenced_nodes)"; "fenced")])),
    (stat("Split-brain episodes (range)"; "Episodes the coordinators detected over the dashboard's range."; "none"; 6;
      [q("sum(increase(vipwarden_coordinator_split_brain_episodes_total[$__range]))"; "episodes")]) | red_from(1)),
    (state_timeline("Phase split_brain by HaVip"; "1 while the HaVip is in split brain."; 24;
      [q("vipwarden_havip_phase{phase=\"split_brain\", havip=~\"$havip\"}"; "{{havip}}")])),
    (timeseries("Agents reporting MASTER per HaVip"; "More than one is split brain as the nodes see it (recorded)."; "none"; 12;
      [q("vipwarden:agent_masters_by_havip:count{havip=~\"$havip\"}"; "{{havip}}")]) | minzero),
    (timeseries("Split-brain episodes and fences"; "Per second, summed over the coordinators."; "ops"; 12;
      [q("sum(rate(vipwarden_coordinator_split_brain_episodes_total[$__rate_interval]))"; "split-brain episodes"),
       q("sum(rate(vipwarden_coordinator_fences_total[$__rate_interval]))"; "fences issued")])),
    (timeseries("Commands handled by agents"; "Commands the agents received, by type and outcome (refused = stale epoch)."; "ops"; 12;
      [q("sum by (type, outcome) (rate(vipwarden_agent_commands_total[$__rate_interval])) or vector(0)"; "{{type}} {{outcome}}")])),
    (timeseries("Stale actions dropped and decision conflicts"; "Token fence inside the coordinators: actions whose epoch was no longer current, and decisions retried."; "ops"; 12;
      [q("sum(rate(vipwarden_coordinator_stale_actions_dropped_total[$__rate_interval]))"; "stale actions dropped"),
       q("sum(rate(vipwarden_coordinator_decision_conflicts_total[$__rate_interval]))"; "decision conflicts")]))
  ]),

# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-agents"; "vipwarden / Agents";
  "The node agents: up, what they read from keepalived, what they publish and spool.";
  [node_var | .query.query = "label_values(up{job=\"vipwarden-agent\"}, node)" | .definition = .query.query];
  [ stat("Agents up"; "Agents answering scrapes."; "none"; 6;
      [q("sum(up{job=\"vipwarden-agent\", node=~\"$node\"})"; "up")]),
    (stat("Agents down"; "Agent targets not answering."; "none"; 6;
      [q("count(up{job=\"vipwarden-agent\", node=~\"$node\"} == 0) or vector(0)"; "down")]) | red_from(1)),
    (stat("Events spooled"; "Events waiting for Kafka, all agents."; "none"; 6;
      [q("sum(vipwarden_agent_spool_pending_events{node=~\"$node\"})"; "spooled")]) | red_from(100)),
    (stat("Lint findings (errors)"; "keepalived.conf lint errors at the agents' last parse."; "none"; 6;
      [q("sum(vipwarden_agent_lint_findings{severity=\"ERROR\", node=~\"$node\"}) or vector(0)"; "errors")]) | red_from(1)),
    (state_timeline("Up"; "Scrape success per agent: gaps are periods the agent did not answer."; 24;
      [q("up{job=\"vipwarden-agent\", node=~\"$node\"}"; "{{node}}")])),
    (timeseries("Events confirmed by Kafka"; "Node events (heartbeats, transitions, results) Kafka confirmed per second; a drop to zero is a heartbeat gap."; "ops"; 12;
      [q("sum by (node) (rate(vipwarden_agent_events_published_total{node=~\"$node\"}[$__rate_interval]))"; "{{node}}")]) | minzero),
    (timeseries("Scrape duration"; "How long each agent took to answer /metrics (a stalled agent answers slowly or not at all)."; "s"; 12;
      [q("scrape_duration_seconds{job=\"vipwarden-agent\", node=~\"$node\"}"; "{{node}}")])),
    (timeseries("Spool events"; "Events waiting in the disk spool."; "none"; 12;
      [q("vipwarden_agent_spool_pending_events{node=~\"$node\"}"; "{{node}} events")]) | minzero),
    (timeseries("Spool bytes"; "Bytes waiting in the disk spool."; "bytes"; 12;
      [q("vipwarden_agent_spool_pending_bytes{node=~\"$node\"}"; "{{node}}")]) | minzero),
    (timeseries("keepalived input"; "Notify lines and JSON dump reads per second, by result."; "ops"; 12;
      [q("sum by (result) (rate(vipwarden_agent_notify_lines_total{node=~\"$node\"}[$__rate_interval]))"; "notify {{result}}"),
       q("sum by (result) (rate(vipwarden_agent_state_dump_reads_total{node=~\"$node\"}[$__rate_interval]))"; "dump {{result}}")])),
    (timeseries("VRRP transitions by source"; "Transitions the agents reported per second, by where they learned them."; "ops"; 12;
      [q("sum by (source) (rate(vipwarden_agent_vrrp_transitions_total{node=~\"$node\"}[$__rate_interval]))"; "{{source}}")])),
    (timeseries("Spool drops"; "Events dropped because the spool was full, by type."; "ops"; 12;
      [q("sum by (node, type) (rate(vipwarden_agent_spool_dropped_events_total{node=~\"$node\"}[$__rate_interval])) or vector(0)"; "{{node}} {{type}}")])),
    (timeseries("Commands by outcome"; "Commands addressed to the agents, by type and outcome."; "ops"; 12;
      [q("sum by (type, outcome) (rate(vipwarden_agent_commands_total{node=~\"$node\"}[$__rate_interval])) or vector(0)"; "{{type}} {{outcome}}")]))
  ]),

# ---------------------------------------------------------------------------------------------
dashboard("vipwarden-coordinators"; "vipwarden / Coordinators";
  "The coordinator cluster: quorum, Kafka, decisions, the reconciler and the cloud API.";
  [coordinator_var];
  [ stat("With quorum"; "Coordinators that see a majority."; "none"; 6;
      [q("sum(vipwarden_coordinator_quorum_present{instance=~\"$coordinator\"})"; "quorum")]) | green_from(2),
    (stat("Ready"; "Coordinators taking decisions (quorum and Kafka)."; "none"; 6;
      [q("sum(vipwarden_coordinator_ready{instance=~\"$coordinator\"})"; "ready")]) | green_from(2)),
    (stat("Kafka reachable"; "Coordinators whose Kafka cluster answers."; "none"; 6;
      [q("sum(vipwarden_coordinator_kafka_up{instance=~\"$coordinator\"})"; "kafka up")]) | green_from(2)),
    (stat("Decision latency p99"; "Event to command, 5 minutes (recorded)."; "s"; 6;
      [q("vipwarden:coordinator_decision_latency_seconds:p99_5m"; "p99")]) | red_from(2)),
    (state_timeline("Quorum, ready and Kafka per coordinator"; "1 = yes."; 24;
      [q("vipwarden_coordinator_quorum_present{instance=~\"$coordinator\"}"; "{{instance}} quorum"),
       q("vipwarden_coordinator_ready{instance=~\"$coordinator\"}"; "{{instance}} ready"),
       q("vipwarden_coordinator_kafka_up{instance=~\"$coordinator\"}"; "{{instance}} kafka")])),
    (timeseries("Decisions by input"; "Decisions stored per second, by input type."; "ops"; 12;
      [q("sum by (input) (rate(vipwarden_coordinator_decisions_total{instance=~\"$coordinator\"}[$__rate_interval]))"; "{{input}}")])),
    (timeseries("Decision latency by coordinator (mean)"; "Mean event-to-command time per coordinator."; "s"; 12;
      [q("sum by (instance) (rate(vipwarden_coordinator_decision_latency_seconds_sum{instance=~\"$coordinator\"}[$__rate_interval])) / sum by (instance) (rate(vipwarden_coordinator_decision_latency_seconds_count{instance=~\"$coordinator\"}[$__rate_interval]))"; "{{instance}}")]) | minzero),
    (timeseries("Commands by type"; "Commands published per second."; "ops"; 12;
      [q("sum by (type) (rate(vipwarden_coordinator_commands_total{instance=~\"$coordinator\"}[$__rate_interval]))"; "{{type}}")])),
    (timeseries("Reconcile corrections by kind"; "Drift the reconciler corrected per second (recorded)."; "ops"; 12;
      [q("vipwarden:reconcile_corrections:rate5m or vector(0)"; "{{kind}}")])),
    (timeseries("Cloud calls by action and code"; "Cloud API calls per second (recorded)."; "reqps"; 12;
      [q("vipwarden:cloud_calls:rate5m"; "{{provider}} {{action}} {{code}}")])),
    (timeseries("Cloud error ratio"; "Share of failed calls per action, 5 minutes (recorded)."; "percentunit"; 12;
      [q("vipwarden:cloud_error_ratio:rate5m"; "{{provider}} {{action}}")]) | minzero),
    (timeseries("Cloud errors by code"; "Failed cloud calls per second as the executor saw them, by action and code."; "ops"; 12;
      [q("sum by (action, code) (rate(vipwarden_coordinator_cloud_errors_total{instance=~\"$coordinator\"}[$__rate_interval])) or vector(0)"; "{{action}} {{code}}")])),
    (timeseries("Cloud retries"; "Calls retried after a retryable error, by action and code."; "ops"; 12;
      [q("sum by (action, code) (rate(vipwarden_cloud_retries_total{instance=~\"$coordinator\"}[$__rate_interval])) or vector(0)"; "{{action}} {{code}}")]))
  ])
]

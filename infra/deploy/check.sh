#!/usr/bin/env bash
# Checks the deployment examples: every Kubernetes manifest parses as YAML and has the shape the docs
# promise (probes on the [ops] port, scrape annotations, a state volume for streams, secrets only from
# Secrets), every systemd unit names an existing jar's role, and every role's TOML in a ConfigMap passes
# that role's own `--validate` (built jars needed: ./mvnw -DskipTests install).
#   infra/deploy/check.sh [--no-validate]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPLOY="$ROOT/infra/deploy"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 - "$DEPLOY" "$TMP" <<'PY'
import glob, os, sys, yaml
deploy, tmp = sys.argv[1], sys.argv[2]
problems = []
roles = {"streams": "StatefulSet", "sink": "Deployment", "api": "Deployment", "alerts": "Deployment"}
docs = []
for f in sorted(glob.glob(os.path.join(deploy, "kubernetes", "*.yaml"))):
    try:
        docs += [(os.path.basename(f), d) for d in yaml.safe_load_all(open(f)) if d]
    except yaml.YAMLError as e:
        problems.append(f"{f}: not YAML: {e}")
kinds = {}
for f, d in docs:
    for k in ("apiVersion", "kind", "metadata"):
        if k not in d:
            problems.append(f"{f}: a document without {k}")
    if d.get("kind") not in ("Namespace",) and d.get("metadata", {}).get("namespace") != "tokenledger":
        problems.append(f"{f}: {d.get('kind')} {d['metadata'].get('name')} not in namespace tokenledger")
    kinds[(d.get("kind"), d["metadata"].get("name"))] = (f, d)
for role, kind in roles.items():
    name = "tokenledger-" + role
    if (kind, name) not in kinds:
        problems.append(f"{kind} {name} missing")
        continue
    f, w = kinds[(kind, name)]
    pod = w["spec"]["template"]
    ann = pod["metadata"].get("annotations", {})
    if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/metrics":
        problems.append(f"{f}: {name} lacks the Prometheus scrape annotations")
    if w["spec"]["selector"]["matchLabels"].items() - pod["metadata"]["labels"].items():
        problems.append(f"{f}: {name} selector does not match its pod labels")
    c = pod["spec"]["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    if str(ports.get("ops")) != ann.get("prometheus.io/port"):
        problems.append(f"{f}: {name} scrape port {ann.get('prometheus.io/port')} is not the ops port {ports.get('ops')}")
    for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
        g = c.get(probe, {}).get("httpGet", {})
        if g.get("path") != path or g.get("port") != "ops":
            problems.append(f"{f}: {name} {probe} must GET {path} on port ops, has {g}")
    for e in c.get("env", []):
        if any(s in e["name"] for s in ("PASSWORD", "BASIC_AUTH", "WEBHOOK")) and "value" in e:
            problems.append(f"{f}: {name} sets secret {e['name']} in plain env")
    cm = ("ConfigMap", name)
    if cm not in kinds or role + ".toml" not in kinds[cm][1]["data"]:
        problems.append(f"ConfigMap {name} with {role}.toml missing")
    else:
        toml = kinds[cm][1]["data"][role + ".toml"]
        if 'host = "0.0.0.0"' not in toml.split("[ops]")[-1]:
            problems.append(f"{name}: [ops] host must be 0.0.0.0 for the kubelet's probes")
        open(os.path.join(tmp, role + ".toml"), "w").write(toml)
    if role == "streams":
        mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
        claims = [t["metadata"]["name"] for t in w["spec"].get("volumeClaimTemplates", [])]
        if "state" not in claims or mounts.get("state") != "/var/lib/tokenledger/streams":
            problems.append(f"{f}: streams needs its state volume claim mounted at the state_dir")
for role in roles:
    unit = os.path.join(deploy, "systemd", f"tokenledger-{role}.service")
    if not os.path.exists(unit):
        problems.append(f"{unit} missing")
    elif "TOKENLEDGER_OPS_PORT=" not in open(unit).read():
        problems.append(f"{unit}: no [ops] port")
# the pods' environment (shared ConfigMap + credentials Secret), for the --validate runs below; the
# truststore path only exists in the pod: a scratch file stands in for it
env = {}
for kind, name in (("ConfigMap", "tokenledger-environment"), ("Secret", "tokenledger-credentials")):
    if (kind, name) not in kinds:
        problems.append(f"{kind} {name} missing")
        continue
    d = kinds[(kind, name)][1]
    env.update(d.get("data" if kind == "ConfigMap" else "stringData", {}))
if "TOKENLEDGER_KAFKA_SSL_TRUSTSTORE_LOCATION" in env:
    open(os.path.join(tmp, "truststore.p12"), "w").write("stand-in")
    env["TOKENLEDGER_KAFKA_SSL_TRUSTSTORE_LOCATION"] = os.path.join(tmp, "truststore.p12")
env.pop("TOKENLEDGER_OPS_PORT", None)
with open(os.path.join(tmp, "pod.env"), "w") as f:
    f.writelines(f"{k}={v}\n" for k, v in sorted(env.items()))
# the daily reconciliation job: a CronJob with its TOML (validated below), publishing with --alert
job = kinds.get(("CronJob", "tokenledger-reconcile"))
cm = kinds.get(("ConfigMap", "tokenledger-reconcile"))
if job is None or cm is None or "reconcile.toml" not in cm[1]["data"]:
    problems.append("CronJob tokenledger-reconcile with ConfigMap tokenledger-reconcile (reconcile.toml) missing")
else:
    spec = job[1]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    script = " ".join(spec["containers"][0].get("command", []) + spec["containers"][0].get("args", []))
    if "--alert" not in script or "reconcile import" not in script:
        problems.append(f"{job[0]}: the reconcile CronJob must import and publish (--alert)")
    open(os.path.join(tmp, "reconcile.toml"), "w").write(cm[1]["data"]["reconcile.toml"])
for unit in ("tokenledger-reconcile.service", "tokenledger-reconcile.timer"):
    if not os.path.exists(os.path.join(deploy, "systemd", unit)):
        problems.append(f"systemd/{unit} missing")
if problems:
    print("\n".join("deploy: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"deploy: {len(docs)} Kubernetes documents and {len(roles)} systemd units look right")
PY

[ "${1:-}" = --no-validate ] && exit 0
# Each ConfigMap's TOML through its role's own parser, with the pods' environment (credentials included):
# no servers are contacted by --validate; its output must not show a password.
validate() { # role module args...
  local role=$1 module=$2 jar="$ROOT/$2/target/$2.jar"
  shift 2
  [ -f "$jar" ] || { echo "deploy: $jar not built (./mvnw -DskipTests install)" >&2; exit 1; }
  local pod_env=()
  mapfile -t pod_env <"$TMP/pod.env"
  env -i PATH="$PATH" HOME="$TMP" "${pod_env[@]}" \
    java -jar "$jar" "$@" --config "$TMP/$role.toml" --validate >"$TMP/$role.out" 2>&1 \
    || { cat "$TMP/$role.out" >&2; echo "deploy: the $role ConfigMap's TOML fails its --validate" >&2; exit 1; }
  if grep -q 'change-me' "$TMP/$role.out"; then
    echo "deploy: the $role role's --validate printed a credential" >&2
    exit 1
  fi
  echo "deploy: $role.toml passes --validate with the pods' environment (credentials masked)"
}
validate streams stream-processor streams
validate sink stream-processor sink
validate api query-api serve
validate alerts alert-dispatcher alerts
validate reconcile reconciliation reconcile

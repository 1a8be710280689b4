#!/usr/bin/env bash
# Builds the Worker exactly as `npm run deploy` bundles it (npm run build:worker) and holds it to
# the two limits Cloudflare puts on a Worker, each with half as margin (docs/workers.md, "Size and
# cold start"):
#   - size: the platform refuses a Worker over 64 MiB uncompressed; budget 32 MiB
#     (BUNDLE_SIZE_BUDGET_KIB), gzipped size reported beside it;
#   - startup: the platform refuses a Worker whose parse and global scope take over 1 s; budget
#     500 ms of CPU for parse, global scope and the first request together, measured in workerd
#     (scripts/cold-start.ts, median of COLD_START_RUNS fresh processes; COLD_START_BUDGET_MS).
# It also fails when wrangler.toml aliases a package's internal module. Then it boots the built
# bundle in workerd and checks that it answers: the tests in workerd run the sources, this checks
# the artifact that deploys. Without a database it checks the contract, signing keys, validation,
# Stripe webhooks; with WORKERS_TEST_DATABASE_URL it also runs the workerd test suite against it.
set -euo pipefail
cd "$(dirname "$0")/.."

size_budget_kib=${BUNDLE_SIZE_BUDGET_KIB:-32768}
startup_budget_ms=${COLD_START_BUDGET_MS:-500}
# A free port unless one is given: two checks at once must not answer each other's requests.
port=${BUNDLE_SMOKE_PORT:-$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')}
export WRANGLER_SEND_METRICS=false
work=$(mktemp -d)
workerd_pid=
cleanup() {
  if [[ -n $workerd_pid ]]; then kill "$workerd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "check-bundle: $1" >&2
  exit 1
}

# 1. No alias into a package's internals. An alias may only replace a package, or one of the entry
# points its package.json "exports" publishes, and never point into node_modules: a relative
# specifier ("./schema/schema.js") matches whatever file of whatever package imports it.
node -e '
  const fs = require("fs");
  const table = fs.readFileSync("wrangler.toml", "utf8").split(/^\[alias\]$/m)[1]?.split(/^\[/m)[0] ?? "";
  const wrong = [...table.matchAll(/^"([^"]+)"\s*=\s*"([^"]+)"/gm)].flatMap(([, specifier, target]) => {
    const [, name, subpath] = specifier.match(/^((?:@[^/]+\/)?[^./][^/]*)(\/.*)?$/) ?? [];
    if (!name) return [`${specifier}: a relative or absolute specifier is some package\x27s internal import`];
    const { exports } = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8"));
    const exported = (path) => Object.keys(exports ?? {}).some((entry) => entry === path || (entry.endsWith("*") && path.startsWith(entry.slice(0, -1))));
    if (subpath && !exported(`.${subpath}`)) return [`${specifier}: not an entry point ${name} exports`];
    if (target.includes("node_modules")) return [`${specifier} = ${target}: points into a package`];
    return [];
  });
  if (wrong.length) { console.error(wrong.join("\n")); process.exit(1); }
' || fail 'wrangler.toml aliases a package'\''s internals'

# 2. Build and measure the size.
rm -rf dist
if ! npm run --silent build:worker >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  fail 'the Worker does not build'
fi
raw=0
gzipped=0
# Every module wrangler would upload (source maps and its README are not uploaded).
while IFS= read -r -d '' file; do
  raw=$((raw + $(wc -c <"$file")))
  gzipped=$((gzipped + $(gzip -9 -c "$file" | wc -c)))
done < <(find dist -type f ! -name '*.map' ! -name 'README.md' -print0)
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
echo "Worker bundle: $(kib "$raw") minified, $(kib "$gzipped") gzipped (budget $((size_budget_kib / 1024)) MiB minified; the platform's limit is 64 MiB)"
if ((raw > size_budget_kib * 1024)); then
  fail 'over the size budget; see what weighs with: npm run build:worker -- --metafile (then dist/bundle-meta.json)'
fi

# Throwaway secrets for the runs below.
platform_key="pk_bundle_check_$(date +%s)_0123456789"
webhook_secret="whsec_bundlecheck$(date +%s)"
{
  echo "PLATFORM_API_KEY=$platform_key"
  echo "JWT_PRIVATE_KEYS=$(npx tsx -e 'import("./src/lib/jwt.ts").then(async (m) => console.log(JSON.stringify([await m.generateSigningJwk()])))')"
  echo 'LOG_LEVEL=silent'
  echo 'STRIPE_SECRET_KEY=sk_test_bundlecheck'
  echo "STRIPE_WEBHOOK_SECRET=$webhook_secret"
  echo 'STRIPE_PRICE_ID=price_bundlecheck'
} >"$work/.env"

# 3. The cold start: a fresh workerd loads the built script and answers its first request.
npx tsx scripts/cold-start.ts --env-file "$work/.env" --runs "${COLD_START_RUNS:-7}" --budget-ms "$startup_budget_ms" dist/worker.js ||
  fail 'the cold start is over budget or the bundle does not start; see where startup goes with: npx wrangler check startup'

# 4. Boot the built bundle with the same secrets in workerd (scripts/workerd-bundle.ts: no
# database) and ask it a few questions.
mkdir "$work/workerd"
{ read -r workerd_binary && read -r workerd_config; } < <(npx tsx scripts/workerd-bundle.ts --env-file "$work/.env" --dir "$work/workerd" --address "127.0.0.1:$port" dist/worker.js) ||
  fail 'no workerd config for the bundle'
"$workerd_binary" serve "$workerd_config" >"$work/workerd.log" 2>&1 &
workerd_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 60); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$workerd_pid" 2>/dev/null || { cat "$work/workerd.log" >&2; fail 'the built bundle did not start'; }
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null 2>&1 || { cat "$work/workerd.log" >&2; fail "the built bundle does not answer on $base"; }

expect() { # expect <what> <status> <body pattern> <curl args...>
  local what=$1 status=$2 pattern=$3
  shift 3
  local got
  got=$(curl -sS -o "$work/body" -w '%{http_code}' "$@") || { cat "$work/workerd.log" >&2; fail "$what: no answer"; }
  [[ $got == "$status" ]] || fail "$what: status $got, expected $status: $(head -c 300 "$work/body")"
  grep -Eq "$pattern" "$work/body" || fail "$what: body does not match /$pattern/: $(head -c 300 "$work/body")"
}
# The contract: the bundle serves exactly the committed document.
curl -fsS "$base/openapi.json" >"$work/openapi.json" || fail '/openapi.json does not answer'
node -e '
  const fs = require("fs"), assert = require("assert");
  assert.deepStrictEqual(JSON.parse(fs.readFileSync(process.argv[1], "utf8")), JSON.parse(fs.readFileSync("openapi/openapi.json", "utf8")));
' "$work/openapi.json" || fail '/openapi.json differs from the committed openapi/openapi.json'
expect '/.well-known/jwks.json' 200 '"kty":"EC"' "$base/.well-known/jwks.json"
# A validation failure, with zod's English message.
expect 'a 422 in English' 422 '"message":"Invalid input: expected string, received number"' \
  -X POST "$base/v1/platform/tenants" -H "Authorization: Bearer $platform_key" -H 'Content-Type: application/json' --data '{"slug":"bundle-check","name":7}'
expect 'an unknown route' 404 '"code":"not_found"' "$base/v1/no-such-route"
# Stripe: the SDK's client and webhook verification, with a signature made here as Stripe makes it.
event='{"id":"evt_bundlecheck","object":"event","type":"customer.created","created":1,"data":{"object":{}}}'
signature=$(node -e '
  const [secret, body] = process.argv.slice(1), t = Math.floor(Date.now() / 1000);
  console.log(`t=${t},v1=${require("crypto").createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
' "$webhook_secret" "$event")
expect 'a signed Stripe event' 200 '"outcome":"ignored: customer.created' \
  -X POST "$base/v1/stripe/webhook" -H "Stripe-Signature: $signature" -H 'Content-Type: application/json' --data "$event"
expect 'a forged Stripe event' 400 '"code":"invalid_signature"' \
  -X POST "$base/v1/stripe/webhook" -H "Stripe-Signature: ${signature%%,v1=*},v1=$(printf '0%.0s' {1..64})" -H 'Content-Type: application/json' --data "$event"
echo 'Built bundle boots in workerd: serves the committed contract and the JWKS, answers a 422, a 404, and verifies Stripe webhooks.'
kill "$workerd_pid" 2>/dev/null || true
workerd_pid=

# 5. The workerd test suite, against the built bundle instead of the sources.
if [[ -n ${WORKERS_TEST_DATABASE_URL:-} ]]; then
  WORKERS_TEST_MAIN=dist/worker.js npm run -s test:workers || fail 'the workerd tests fail against the built bundle'
else
  echo 'WORKERS_TEST_DATABASE_URL is not set: the workerd tests did not run against the built bundle.'
fi

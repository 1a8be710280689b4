#!/usr/bin/env bash
# Builds the Worker exactly as `npm run deploy` bundles it (npm run build:worker), fails when the
# gzipped bundle exceeds the budget (BUNDLE_BUDGET_KIB, default 250 KiB) or when a wrangler.toml
# alias reaches into a package it was not meant for, then boots the built bundle in workerd
# (wrangler dev --no-bundle) and checks that it answers: the tests in workerd run the sources, this
# checks the artifact that deploys, names dropped and modules left out as they are. Without a
# database it checks the contract, signing keys, validation, Stripe webhooks; with
# BUNDLE_DATABASE_URL (a PostgreSQL server it may migrate) it also runs a tenant through it.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kib=${BUNDLE_BUDGET_KIB:-250}
port=${BUNDLE_SMOKE_PORT:-8791}
export WRANGLER_SEND_METRICS=false
work=$(mktemp -d)
wrangler_pid=
cleanup() {
  if [[ -n $wrangler_pid ]]; then kill "$wrangler_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "check-bundle: $1" >&2
  exit 1
}

# 1. Build and measure.
rm -rf dist
if ! npm run --silent build:worker -- --metafile >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  fail 'the Worker does not build'
fi
raw=0
gzipped=0
# Every module wrangler would upload (source maps and its README are not uploaded).
while IFS= read -r -d '' file; do
  raw=$((raw + $(wc -c <"$file")))
  gzipped=$((gzipped + $(gzip -9 -c "$file" | wc -c)))
done < <(find dist -type f ! -name '*.map' ! -name 'README.md' ! -name 'bundle-meta.json' -print0)
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
echo "Worker bundle: $(kib "$raw") minified, $(kib "$gzipped") gzipped (budget ${budget_kib} KiB gzipped)"
if ((gzipped > budget_kib * 1024)); then
  fail 'over budget; see what weighs with: npx wrangler deploy --dry-run --outdir dist --minify --metafile (then dist/bundle-meta.json)'
fi

# wrangler matches an alias by the exact import specifier, whoever imports it: make sure only the
# packages the stand-ins were written for (src/worker-stubs/) import the specifiers they replace.
node -e '
  const fs = require("fs");
  const table = fs.readFileSync("wrangler.toml", "utf8").split("[alias]")[1].split("\n[")[0];
  const aliased = new Set([...table.matchAll(/^"([^"]+)" = /gm)].map((m) => m[1]));
  const { inputs } = JSON.parse(fs.readFileSync("dist/bundle-meta.json", "utf8"));
  const strays = Object.entries(inputs).flatMap(([file, { imports }]) =>
    imports.filter((i) => aliased.has(i.original) && !/node_modules\/(zod|kysely|stripe)\//.test(file)).map((i) => `${file} imports ${i.original}`));
  if (strays.length) { console.error(strays.join("\n")); process.exit(1); }
' || fail 'a wrangler.toml alias catches an import it was not written for'

# 2. Boot the built bundle with throwaway secrets and ask it a few questions.
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
node_modules/.bin/wrangler dev dist/worker.js --no-bundle --ip 127.0.0.1 --port "$port" --env-file "$work/.env" >"$work/dev.log" 2>&1 &
wrangler_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 60); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$wrangler_pid" 2>/dev/null || { cat "$work/dev.log" >&2; fail 'the built bundle did not start'; }
  sleep 0.5
done
curl -fsS "$base/healthz" >/dev/null 2>&1 || { cat "$work/dev.log" >&2; fail "the built bundle does not answer on $base"; }

expect() { # expect <what> <status> <body pattern> <curl args...>
  local what=$1 status=$2 pattern=$3
  shift 3
  local got
  got=$(curl -sS -o "$work/body" -w '%{http_code}' "$@")
  [[ $got == "$status" ]] || fail "$what: status $got, expected $status: $(head -c 300 "$work/body")"
  grep -Eq "$pattern" "$work/body" || fail "$what: body does not match /$pattern/: $(head -c 300 "$work/body")"
}
# The contract: the bundle serves exactly the committed document (zod-to-openapi reads zod's
# check aggregation, which must survive the left-out JSON-Schema modules).
curl -fsS "$base/openapi.json" >"$work/openapi.json" || fail '/openapi.json does not answer'
node -e '
  const fs = require("fs"), assert = require("assert");
  assert.deepStrictEqual(JSON.parse(fs.readFileSync(process.argv[1], "utf8")), JSON.parse(fs.readFileSync("openapi/openapi.json", "utf8")));
' "$work/openapi.json" || fail '/openapi.json differs from the committed openapi/openapi.json'
expect '/.well-known/jwks.json' 200 '"kty":"EC"' "$base/.well-known/jwks.json"
# A validation failure: zod's English messages must have survived the bundling.
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
kill "$wrangler_pid" 2>/dev/null || true
wrangler_pid=

# 3. The workerd test suite, against the built bundle instead of the sources.
if [[ -n ${WORKERS_TEST_DATABASE_URL:-} ]]; then
  WORKERS_TEST_MAIN=dist/worker.js npm run -s test:workers || fail 'the workerd tests fail against the built bundle'
else
  echo 'WORKERS_TEST_DATABASE_URL is not set: the workerd tests did not run against the built bundle.'
fi

#!/usr/bin/env bash
# Builds the Worker exactly as `npm run deploy` bundles it (npm run build:worker), fails when the
# gzipped bundle exceeds the budget (BUNDLE_BUDGET_KIB, default 300 KiB: docs/workers.md says why), then boots the built
# bundle in workerd (wrangler dev --no-bundle) and checks that it answers: the tests in workerd run
# the sources, this checks the artifact that deploys. Needs no database.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_kib=${BUNDLE_BUDGET_KIB:-300}
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
echo "Worker bundle: $(kib "$raw") minified, $(kib "$gzipped") gzipped (budget ${budget_kib} KiB gzipped)"
if ((gzipped > budget_kib * 1024)); then
  fail 'over budget; see what weighs with: npx wrangler deploy --dry-run --outdir dist --minify --metafile (then dist/bundle-meta.json)'
fi

# 2. Boot the built bundle with throwaway secrets and ask it a few questions.
platform_key="pk_bundle_check_$(date +%s)_0123456789"
{
  echo "PLATFORM_API_KEY=$platform_key"
  echo "JWT_PRIVATE_KEYS=$(npx tsx -e 'import("./src/lib/jwt.ts").then(async (m) => console.log(JSON.stringify([await m.generateSigningJwk()])))')"
  echo 'LOG_LEVEL=silent'
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
expect '/openapi.json' 200 '"openapi":"3\.1\.0"' "$base/openapi.json"
expect '/.well-known/jwks.json' 200 '"kty":"EC"' "$base/.well-known/jwks.json"
# A validation failure: zod's English messages must have survived the bundling.
expect 'a 422 in English' 422 '"message":"Invalid input: expected string, received number"' \
  -X POST "$base/v1/platform/tenants" -H "Authorization: Bearer $platform_key" -H 'Content-Type: application/json' --data '{"slug":"bundle-check","name":7}'
expect 'an unknown route' 404 '"code":"not_found"' "$base/v1/no-such-route"
echo 'Built bundle boots in workerd and answers /healthz, /openapi.json, /.well-known/jwks.json, a 422 and a 404.'

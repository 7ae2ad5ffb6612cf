#!/usr/bin/env bash
# Imports Yuqing Radar's Kibana saved objects (data views posts-*, topics-*, alerts-*, six
# visualizations and the overview dashboard) through Kibana's saved-objects API. Objects with the
# same ids are overwritten, so running it again updates them. See kibana/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
file="$(dirname "$here")/schemas/src/main/resources/kibana/yuqing-radar.ndjson"
url=${KIBANA_URL:-http://127.0.0.1:5601}
space=${KIBANA_SPACE:-}

usage() {
  cat <<USAGE
usage: kibana/import.sh [--url URL] [--space SPACE] [--file FILE.ndjson]

  --url    Kibana base URL (default \$KIBANA_URL, else http://127.0.0.1:5601)
  --space  Kibana space id (default \$KIBANA_SPACE, else the default space)
  --file   saved objects to import (default: the project's yuqing-radar.ndjson)

Credentials, from the environment (never on the command line):
  KIBANA_API_KEY                    an encoded API key (Authorization: ApiKey ...), or
  KIBANA_USER and KIBANA_PASSWORD   basic authentication
Extra curl options (e.g. --cacert ca.pem) go in KIBANA_CURL_OPTS.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=${2:?--url needs a value}; shift 2 ;;
    --space) space=${2:?--space needs a value}; shift 2 ;;
    --file) file=${2:?--file needs a value}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "import.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

command -v curl >/dev/null || { echo "import.sh: curl is required" >&2; exit 2; }
[ -r "$file" ] || { echo "import.sh: cannot read $file" >&2; exit 2; }
if [ -n "${KIBANA_USER:-}" ] && [ -z "${KIBANA_PASSWORD:-}" ]; then
  echo "import.sh: KIBANA_USER is set but KIBANA_PASSWORD is not" >&2
  exit 2
fi

url=${url%/}
endpoint="$url${space:+/s/$space}/api/saved_objects/_import?overwrite=true"
response=$(mktemp)
trap 'rm -f "$response"' EXIT

# Kibana accepts only a part named file whose name ends in .ndjson.
# Credentials reach curl through a config on stdin, so they never show in the process list.
curl_config() {
  if [ -n "${KIBANA_API_KEY:-}" ]; then
    printf 'header = "Authorization: ApiKey %s"\n' "$KIBANA_API_KEY"
  elif [ -n "${KIBANA_USER:-}" ]; then
    printf 'user = "%s:%s"\n' "$KIBANA_USER" "$KIBANA_PASSWORD"
  fi
}

echo "importing $(grep -c . "$file") saved objects from $file into $endpoint"
# shellcheck disable=SC2086 # KIBANA_CURL_OPTS is a list of options
if ! status=$(curl_config | curl --silent --show-error --config - ${KIBANA_CURL_OPTS:-} \
    --output "$response" --write-out '%{http_code}' \
    --header 'kbn-xsrf: true' \
    --form "file=@$file;type=application/ndjson;filename=$(basename "${file%.ndjson}").ndjson" \
    "$endpoint"); then
  echo "import.sh: could not reach Kibana at $url" >&2
  exit 3
fi

if [ "$status" != 200 ]; then
  echo "import.sh: Kibana answered HTTP $status:" >&2
  cat "$response" >&2
  echo >&2
  case "$status" in
    401) echo "import.sh: set KIBANA_API_KEY, or KIBANA_USER and KIBANA_PASSWORD" >&2 ;;
    403) echo "import.sh: the user needs the saved-objects management privilege in this space" >&2 ;;
    404) echo "import.sh: is $url Kibana, and does space '${space:-default}' exist?" >&2 ;;
  esac
  exit 1
fi

dashboard="$url${space:+/s/$space}/app/dashboards#/view/yuqing-radar-overview"
if command -v jq >/dev/null; then
  if jq -e '.success == true' "$response" >/dev/null; then
    echo "imported $(jq -r '.successCount' "$response") objects; the dashboard: $dashboard"
    exit 0
  fi
  echo "import.sh: Kibana imported $(jq -r '.successCount // 0' "$response") objects and refused these:" >&2
  jq -r '.errors[]? | "  \(.type) \(.id) \"\(.title // .meta.title // "")\": \(.error.type)"
      + (if .error.message then " - \(.error.message)" else "" end)
      + (if .error.references then " - missing " + ([.error.references[] | "\(.type) \(.id)"] | join(", ")) else "" end)' \
    "$response" >&2
  exit 1
fi

# without jq: Kibana's answer as it is
if grep -q '"success":true' "$response"; then
  echo "imported: $(cat "$response")"
  echo "the dashboard: $dashboard"
  exit 0
fi
echo "import.sh: Kibana refused some objects:" >&2
cat "$response" >&2
echo >&2
exit 1

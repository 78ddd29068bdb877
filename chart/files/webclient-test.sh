# Checks the Ghostwire web client through its Service (run by `helm test`).
# Environment: GHOSTWIRE_URL, GHOSTWIRE_AUTH (enabled|disabled), VNC_PW when enabled.
set -eu

tls_flag=""
case "$GHOSTWIRE_URL" in
  https://*) tls_flag="--insecure" ;;
esac

# Prints the HTTP status code of GET $GHOSTWIRE_URL; extra curl options in "$@".
status() {
  curl --silent --show-error --output /dev/null --write-out '%{http_code}' \
    --max-time 10 --retry 5 --retry-delay 3 --retry-connrefused \
    $tls_flag "$@" "$GHOSTWIRE_URL"
}

# expect NAME WANT GOT
expect() {
  if [ "$3" = "$2" ]; then
    echo "ok: $1: HTTP $3"
  else
    echo "FAILED: $1: expected HTTP $2, got HTTP $3 from $GHOSTWIRE_URL" >&2
    exit 1
  fi
}

if [ "$GHOSTWIRE_AUTH" = "enabled" ]; then
  expect "request without credentials is refused" 401 "$(status)"
  # The password goes to curl on stdin (a config file), never on its command line.
  escaped=$(printf '%s' "$VNC_PW" | sed 's/[\\"]/\\&/g')
  expect "kasm_user with the password is let in" 200 \
    "$(printf 'user = "kasm_user:%s"\n' "$escaped" | status --config -)"
else
  expect "web client answers without credentials" 200 "$(status)"
fi

# Shared by bench/line-echo and bench/udp (sourced, not run): processes, builds, the rotating rounds and the table.
#
# The sourcing script sets: bench (its name), servers, cells, rounds, out, and defines
#   command_for NAME PORT   prints the command line that serves NAME on PORT (nothing: skip NAME)
#   ready NAME PORT LOG     succeeds once NAME answers (waited for with a deadline)
#   load_args CELL PORT     prints the arguments of bench/echo/load.go for one cell
#   port_of NAME
# then calls run_rounds and print_table KIND ("tcp" or "udp").

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
log() { echo "$bench: $*" >&2; }
work=$(mktemp -d "/tmp/throng-$bench.XXXXXX")
groups=() # process groups we started; each server runs under setsid so its children die with it

stop_group() {
  local pgid=$1
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}
cleanup() {
  for g in "${groups[@]}"; do stop_group "$g"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 20000 2>/dev/null || true

# Debian packages, installed only if missing (as root).
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || { log "missing Debian packages ${missing[*]} (not root, cannot install)"; exit 3; }
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

java="$(sh "$root/.mvn/find-jdk")/bin/java"

# Go programs are built offline from Debian's Go (GOPATH mode, standard library only).
go_build() { # source.go output
  (cd "$(dirname "$1")" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
    go build -o "$2" "$(basename "$1")") || { log "go build $1 failed"; exit 3; }
}

# Throng's runnable jar (./throng builds it when the sources are newer) and the Netty peer, built before
# anything is timed, and copied so that a rebuild during the run cannot change what is measured.
build_jars() {
  "$root/throng" --version >/dev/null || { log "building throng.jar failed"; exit 3; }
  cp "$root/throng-cli/target/throng.jar" "$work/throng.jar"
  local dir="$root/bench/peers/netty" jar="$root/bench/peers/netty/target/netty-peer.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$dir/src" "$dir/pom.xml" -newer "$jar" | head -n 1)" ]; then
    log "building the Netty peer"
    "$root/mvnw" -q -B -f "$dir/pom.xml" package >"$work/build-netty.log" 2>&1 \
      || { log "Netty peer build failed: $work/build-netty.log"; tail -5 "$work/build-netty.log" >&2; exit 3; }
  fi
  cp "$jar" "$work/netty-peer.jar"
}

# Waits up to $2 seconds for a line matching $3 in file $1.
wait_line() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "$3" "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

load="$work/load"
results="$work/results.tsv"

# Every server in turn, each cell, $rounds times; each round starts one server later, so that no server always
# runs first (right after whatever loaded the machine before). Results: NAME CELL ROUND JSON, one per line.
run_rounds() {
  go_build "$root/bench/echo/load.go" "$load"
  : >"$results"
  local order round name port cmd pgid cell json
  read -ra order <<<"$servers"
  log "servers: $servers; cells: $cells; $rounds rounds; $(nproc) CPUs shared by the client and the servers, nothing pinned"
  for round in $(seq 1 "$rounds"); do
    log "round $round: ${order[*]}; $(uptime | sed 's/.*load average/load average/')"
    for name in "${order[@]}"; do
      port=$(port_of "$name")
      cmd=$(command_for "$name" "$port") || true
      [ -n "$cmd" ] || { log "skipping $name"; continue; }
      setsid $cmd >"$work/$name.log" 2>&1 &
      pgid=$!
      groups+=("$pgid")
      if ! ready "$name" "$port" "$work/$name.log"; then
        log "$name did not come up on port $port; its log:"; tail -5 "$work/$name.log" >&2
        stop_group "$pgid"
        continue
      fi
      for cell in $cells; do
        # shellcheck disable=SC2046 # load_args prints several words on purpose
        json=$(timeout 300 "$load" $(load_args "$cell" "$port") 2>"$work/load.err") || json=""
        [ -n "$json" ] || { log "$name $cell: no result"; tail -3 "$work/load.err" >&2; continue; }
        log "$name $cell: $json"
        printf '%s\t%s\t%s\t%s\n' "$name" "$cell" "$round" "$json" >>"$results"
      done
      stop_group "$pgid"
      # Whatever a server said beyond its start line (a closed connection, an exception) is worth reading.
      grep -v -e 'echo on' -e '^WARNING' "$work/$name.log" | head -5 | while read -r l; do log "$name said: $l"; done || true
    done
    order=("${order[@]:1}" "${order[0]}")
  done
}

print_table() { # kind
  local table
  table=$(/usr/bin/python3 "$root/bench/echo/table.py" "$1" "$results" "$servers")
  echo
  echo "$table"
  if [ -n "$out" ]; then
    echo "$table" >"$out"
    log "table written to $out"
  fi
}

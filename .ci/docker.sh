#!/usr/bin/env bash
# A Docker engine for the Docker end-to-end tests (apps/cli/src/docker/*.e2e.test.ts):
#   bash .ci/docker.sh start   installs Debian's docker.io (and docker-compose) when missing and,
#                              unless an engine already answers, starts dockerd with no default
#                              bridge and no iptables (host networking only; nothing is pulled),
#                              printing its PID and keeping it in .ci/dockerd.pid
#   bash .ci/docker.sh stop    stops that dockerd (only the one this script started)
# Without an engine the Docker tests skip with the reason printed, so a failure here is not fatal.
set -u
cd "$(dirname "$0")/.."
pidfile=.ci/dockerd.pid

case "${1:-}" in
start)
  if docker info >/dev/null 2>&1; then
    echo "docker: an engine already answers; none started"
    exit 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { echo "docker: not root, cannot install docker.io"; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq docker.io docker-compose >/dev/null 2>&1 || { echo "docker: installing docker.io failed"; exit 1; }
  fi
  dockerd --bridge=none --iptables=false >.ci/dockerd.log 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      echo "docker: dockerd started, PID $(cat "$pidfile")"
      exit 0
    fi
    sleep 1
  done
  echo "docker: dockerd (PID $(cat "$pidfile")) did not answer within 60 s; see .ci/dockerd.log"
  exit 1
  ;;
stop)
  [ -s "$pidfile" ] || exit 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null && for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$pidfile"
  echo "docker: dockerd (PID $pid) stopped"
  ;;
*)
  echo "usage: bash .ci/docker.sh start|stop"
  exit 2
  ;;
esac

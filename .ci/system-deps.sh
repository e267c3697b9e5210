#!/usr/bin/env bash
# System tools some tests drive for real: kubectl (the dispatcher ships on these machines), openssl,
# docker-compose (Debian's), etcd (Debian's etcd-server: the kube-apiserver oracle's storage) and
# Maven with a JDK (Debian's maven, default-jdk-headless: the real Nacos of the real-Nacos suites).
# Installed with apt when missing; tests that need one skip with a printed reason if it is still
# absent.
set -u
need=()
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
[ ${#need[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || { echo "not root: cannot install ${need[*]}"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${need[@]}" >/dev/null 2>&1

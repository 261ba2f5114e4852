#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages tpoint needs that are missing on this machine.
# Usage: scripts/deps.sh [build|test|bench]...   (default: build)
# Run as root on Debian 12; elsewhere it only says what is missing.
set -eu

want="gcc make pkg-config libc6-dev libtraceevent-dev libtracefs-dev libzstd-dev zlib1g-dev systemtap-sdt-dev"
for set in "${@:-build}"; do
	case "$set" in
	build) ;;
	test)  want="$want g++ clang libclang-rt-14-dev libtracefs-dev libtracecmd-dev trace-cmd valgrind cmake bpftrace man-db groff-base libkshark-dev libjson-c-dev babeltrace2 python3" ;;
	bench) want="$want valgrind liblttng-ust-dev lttng-tools babeltrace2 python3 time bpftrace" ;;
	*) echo "deps.sh: unknown set '$set' (build, test, bench)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing Debian packages:$missing" >&2
	echo "deps.sh: run 'sudo apt-get install$missing' (or run make as root on Debian 12)" >&2
	exit 1
fi
echo "deps.sh: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
	apt-get update -q >/dev/null 2>&1
	apt-get install -y -q --no-install-recommends $missing
}

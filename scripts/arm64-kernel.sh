#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Make sure Debian's current arm64 kernel is at hand for building vadma.ko
# and booting it under QEMU: the kernel Image, its headers (arm64 and
# common), the host's kbuild tools and a static arm64 busybox, downloaded
# with apt-get and extracted into a cache outside the repository, one folder
# per kernel ABI:
#
#   ${VADMA_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vadma/arm64-kernel}/<ABI>/
#
# The ABI is the one apt knows now (it changes with every security update).
# Nothing is downloaded when that ABI is cached already.  Progress goes to
# stderr; stdout gets only the paths the other steps need, as shell
# assignments (eval "$(scripts/arm64-kernel.sh)"), and the same lines are in
# <ABI>/paths.env:
#
#   ABI=6.1.0-NN-arm64  KDIR=<headers>  IMAGE=<Image>  BUSYBOX=<busybox>
#
# As root it installs the host packages it lacks and enables the arm64
# foreign architecture; otherwise it names what is missing and fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${VADMA_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vadma/arm64-kernel}

say() { echo "arm64-kernel: $*" >&2; }
die() {
	echo "arm64-kernel: error: $*" >&2
	exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }

# A cached ABI is complete once paths.env exists: it is written last, in a
# temporary folder that is then renamed.
emit() {
	cat "$1/paths.env"
}

# The ABI ("6.1.0-56") that the arm64 kernel meta-package depends on now.
# apt-cache takes about a second here (apt is set up without its binary
# cache), so the answer is kept with a fingerprint of the package lists and
# asked again only when they change.
lists_stamp() {
	local LISTS=/var/lib/apt/lists/ files
	eval "$(apt-config shell LISTS Dir::State::lists/d 2>/dev/null)"
	files=$(find "$LISTS" -maxdepth 1 -name '*_Packages*' -printf '%T@ %s %f\n' 2>/dev/null | sort)
	[ -n "$files" ] || return 0 # no lists to watch: no memo
	printf '%s\n%s\n' "$(dpkg --print-foreign-architectures)" "$files" | cksum
}
read_abi() {
	local stamp abi memo=$cache_root/.abi
	stamp=$(lists_stamp)
	if [ -n "$stamp" ] && [ -f "$memo" ] && [ "$(head -n1 "$memo")" = "$stamp" ]; then
		sed -n 2p "$memo"
		return
	fi
	abi=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^:]*\)-arm64:arm64$/\1/p' |
		head -n1)
	if [ -n "$stamp" ] && [ -n "$abi" ] && mkdir -p "$cache_root" 2>/dev/null; then
		printf '%s\n%s\n' "$stamp" "$abi" > "$memo.$$" && mv -f "$memo.$$" "$memo"
	fi
	printf '%s' "$abi"
}

apt_update() {
	say "refreshing the package lists (apt-get update)"
	apt-get update -q >&2 && return
	say "apt-get update failed: is the network (deb.debian.org) reachable?"
	return 1
}

# The newest complete cached ABI, for when apt cannot tell.
newest_cached() {
	local f
	f=$(find "$cache_root" -mindepth 2 -maxdepth 2 -name paths.env 2>/dev/null | sort -V | tail -n1)
	[ -z "$f" ] || dirname "$f"
}

if ! command -v apt-cache >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
	best=$(newest_cached)
	[ -n "$best" ] || die "this needs apt and dpkg (a Debian system) to fetch Debian's arm64 kernel"
	say "no apt here; using the cached kernel in $best"
	emit "$best"
	exit 0
fi

# Host packages: the cross compiler, QEMU and cpio.
"$here/deps.sh" kernel >&2 || die "host packages missing (see above)"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	if ! is_root; then
		die "the arm64 architecture is not enabled for apt; as root: dpkg --add-architecture arm64 && apt-get update"
	fi
	say "enabling the arm64 foreign architecture (dpkg --add-architecture arm64)"
	dpkg --add-architecture arm64
	apt_update || die "no arm64 package lists without apt-get update"
fi

abi=$(read_abi)
if [ -z "$abi" ] && is_root; then
	apt_update || :
	abi=$(read_abi)
fi
if [ -z "$abi" ]; then
	best=$(newest_cached)
	[ -n "$best" ] || die "apt does not know linux-image-arm64:arm64; run apt-get update (as root) with the network reachable"
	say "apt does not know linux-image-arm64:arm64; using the cached kernel in $best"
	emit "$best"
	exit 0
fi

dir=$cache_root/$abi
if [ -f "$dir/paths.env" ]; then
	say "Debian's arm64 kernel $abi-arm64 is cached in $dir"
	emit "$dir"
	exit 0
fi

# --- Slow path: download and extract, one run at a time. -------------------
mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$dir/paths.env" ]; then # another run finished it meanwhile
	emit "$dir"
	exit 0
fi

tmp=$(mktemp -d "$cache_root/.tmp-$abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

flavour=$abi-arm64
kver=${abi%%-*}         # 6.1.0
kbuild=linux-kbuild-${kver%.*} # linux-kbuild-6.1

fetch() {
	local ver
	ver=$(apt-cache show "linux-headers-$flavour:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
	[ -n "$ver" ] || return 1
	say "downloading Debian's arm64 kernel $flavour ($ver) into $dir (about 75 MB)"
	local opts=(-q)
	# As root apt wants its sandbox user to write the folder; it is ours.
	is_root && opts+=(-o APT::Sandbox::User=root)
	(cd "$tmp" && apt-get download "${opts[@]}" \
		"linux-image-$flavour-unsigned:arm64=$ver" \
		"linux-headers-$flavour:arm64=$ver" \
		"linux-headers-$abi-common=$ver" \
		"$kbuild:$(dpkg --print-architecture)=$ver" \
		busybox-static:arm64) >&2
}

# Without the network an older cached kernel still does, with a warning.
fetch_failed() {
	local best
	best=$(newest_cached)
	if [ -n "$best" ]; then
		say "warning: cannot download $flavour ($1); using the cached kernel in $best"
		emit "$best"
		exit 0
	fi
	die "apt-get download failed: is the network (deb.debian.org) reachable? $1"
}

start=$(date +%s)
if ! fetch; then
	if is_root; then
		say "the download failed; the package lists may be stale"
		apt_update || :
		abi2=$(read_abi)
		if [ -n "$abi2" ] && [ "$abi2" != "$abi" ]; then
			say "the refreshed lists name the kernel ABI $abi2: starting again"
			rm -rf "$tmp"
			exec 9>&-
			exec "$0" "$@"
		fi
		rm -f "$tmp"/*.deb
		fetch || fetch_failed "after refreshing the package lists"
	else
		fetch_failed "(as root this would refresh the package lists and retry)"
	fi
fi

say "extracting"
mkdir -p "$tmp/root"
for deb in "$tmp"/*.deb; do
	case $(basename "$deb") in
	linux-image-*)
		# Only /boot (the Image, its config and System.map): the modules are
		# not needed, the drivers the tests use are built in.
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/root" ./boot
		;;
	*) dpkg-deb -x "$deb" "$tmp/root" ;;
	esac
	rm -f "$deb"
done

kdir=$dir/root/usr/src/linux-headers-$flavour
image=$dir/root/boot/vmlinuz-$flavour
busybox=$dir/root/bin/busybox
tkdir=$tmp/root/usr/src/linux-headers-$flavour
[ -f "$tkdir/Makefile" ] || die "no headers Makefile in linux-headers-$flavour"
[ -f "$tmp/root/boot/vmlinuz-$flavour" ] || die "no vmlinuz in linux-image-$flavour-unsigned"
[ -x "$tmp/root/bin/busybox" ] || die "no busybox in busybox-static:arm64"

# The arm64 headers include the common ones by their installed path.
grep -q '/usr/src/' "$tkdir/Makefile" || die "the headers' Makefile no longer names /usr/src: check how it finds the common headers"
sed -i "s|/usr/src/|$dir/root/usr/src/|g" "$tkdir/Makefile"
# /lib/modules/<ABI>/{build,source} point at /usr/src: not used here.
rm -rf "$tmp/root/lib/modules"
# The other links in the packages are relative; an absolute one would point
# outside the cache.
if abs=$(find "$tmp/root" -lname '/*' -print -quit) && [ -n "$abs" ]; then
	die "absolute symbolic link in the extracted packages: $abs"
fi

{
	printf "ABI='%s'\n" "$flavour"
	printf "KDIR='%s'\n" "$kdir"
	printf "IMAGE='%s'\n" "$image"
	printf "BUSYBOX='%s'\n" "$busybox"
} > "$tmp/paths.env"

chmod 755 "$tmp"
mv -T "$tmp" "$dir"
trap - EXIT
say "cached $flavour in $dir ($(du -sh "$dir" | cut -f1), $(($(date +%s) - start)) s)"
emit "$dir"

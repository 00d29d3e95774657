#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Make sure Debian's current arm64 kernel is at hand for building vadma.ko
# and booting it under QEMU: the kernel Image, its headers (arm64 and
# common), the host's kbuild tools, a static arm64 busybox and the ZCU102's
# device tree from the kernel's package (tests/zcu102/run.sh compares
# vadma's tree with it), downloaded
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
#   DTB_ZCU102=<usr/lib/linux-image-<ABI>/xilinx/zynqmp-zcu102-rev1.0.dtb,
#               or empty when the package has none>
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

# A cached ABI is complete once paths.env exists and names DTB_ZCU102: it is
# written last, in a temporary folder that is then renamed.  A paths.env
# without DTB_ZCU102 is from before the device tree was kept: the kernel's
# package is fetched again, once, for it (complete_dtb below).
emit() {
	cat "$1/paths.env"
}
has_dtb() { grep -q '^DTB_ZCU102=' "$1/paths.env"; }

# The ZCU102's device tree in linux-image-<flavour>-unsigned, relative to /.
dtb_rel() { echo "usr/lib/linux-image-$1/xilinx/zynqmp-zcu102-rev1.0.dtb"; }

# extract_dtb DEB ROOT FLAVOUR [MEMBER...]: extract the MEMBERs and the
# ZCU102's device tree from the image package DEB into ROOT.  Only the
# device tree may be missing: then a warning, and status 1.
extract_dtb() {
	local deb=$1 root=$2 dtb log
	dtb=$(dtb_rel "$3")
	shift 3
	log=$(mktemp)
	if dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$root" "$@" "./$dtb" 2> "$log"; then
		rm -f "$log"
		return 0
	fi
	if grep -v -e "^tar: \./$dtb: Not found in archive" \
		-e '^tar: Exiting with failure status' "$log" | grep -q .; then
		cat "$log" >&2
		rm -f "$log"
		die "cannot extract $(basename "$deb")"
	fi
	rm -f "$log"
	say "warning: $(basename "$deb") has no $dtb: DTB_ZCU102 stays empty"
	return 1
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

flavour=$abi-arm64
dir=$cache_root/$abi

# complete_dtb: a cache from before DTB_ZCU102 gets the device tree from the
# kernel's package, downloaded again (the version apt knows for this ABI),
# and the line in paths.env.  Without the network, the cache as it is.
complete_dtb() {
	local ver ctmp dtb opts=(-q) line
	mkdir -p "$cache_root"
	exec 9>"$cache_root/.lock"
	flock 9
	has_dtb "$dir" && return 0 # another run completed it meanwhile
	dtb=$(dtb_rel "$flavour")
	say "the cached $flavour predates DTB_ZCU102: fetching linux-image-$flavour-unsigned again for $dtb (about 60 MB)"
	ver=$(apt-cache show "linux-image-$flavour-unsigned:arm64" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
	if [ -z "$ver" ]; then
		say "warning: apt does not know linux-image-$flavour-unsigned:arm64: no DTB_ZCU102 this time"
		return 0
	fi
	ctmp=$(mktemp -d "$cache_root/.tmp-dtb-$abi.XXXXXX")
	trap 'rm -rf "$ctmp"' EXIT
	is_root && opts+=(-o APT::Sandbox::User=root)
	if ! (cd "$ctmp" && apt-get download "${opts[@]}" "linux-image-$flavour-unsigned:arm64=$ver") >&2; then
		rm -rf "$ctmp"
		trap - EXIT
		say "warning: cannot download linux-image-$flavour-unsigned ($ver): no DTB_ZCU102 this time"
		return 0
	fi
	mkdir -p "$ctmp/root"
	line="DTB_ZCU102=''"
	if extract_dtb "$ctmp"/linux-image-*.deb "$ctmp/root" "$flavour"; then
		mkdir -p "$dir/root/${dtb%/*}"
		mv -f "$ctmp/root/$dtb" "$dir/root/$dtb"
		line="DTB_ZCU102='$dir/root/$dtb'"
	fi
	{ cat "$dir/paths.env"; echo "$line"; } > "$ctmp/paths.env"
	mv -f "$ctmp/paths.env" "$dir/paths.env"
	rm -rf "$ctmp"
	trap - EXIT
	say "completed the cache of $flavour: $line"
}

if [ -f "$dir/paths.env" ]; then
	if has_dtb "$dir"; then
		say "Debian's arm64 kernel $abi-arm64 is cached in $dir"
	else
		complete_dtb
	fi
	emit "$dir"
	exit 0
fi

# --- Slow path: download and extract, one run at a time. -------------------
mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$dir/paths.env" ]; then # another run finished it meanwhile
	has_dtb "$dir" || complete_dtb
	emit "$dir"
	exit 0
fi

tmp=$(mktemp -d "$cache_root/.tmp-$abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

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
dtb=
for deb in "$tmp"/*.deb; do
	case $(basename "$deb") in
	linux-image-*)
		# Only /boot (the Image, its config and System.map) and the
		# ZCU102's device tree: the modules are not needed, the drivers
		# the tests use are built in.
		if extract_dtb "$deb" "$tmp/root" "$flavour" ./boot; then
			dtb=$dir/root/$(dtb_rel "$flavour")
		fi
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
	printf "DTB_ZCU102='%s'\n" "$dtb"
} > "$tmp/paths.env"

chmod 755 "$tmp"
mv -T "$tmp" "$dir"
trap - EXIT
say "cached $flavour in $dir ($(du -sh "$dir" | cut -f1), $(($(date +%s) - start)) s)"
emit "$dir"

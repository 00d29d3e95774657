#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# Build QEMU's qemu-system-aarch64 with vadma's devices on the xlnx-zcu102
# machine (-M xlnx-zcu102,vadma=on: the model's MMU-500, GDMA channels and
# AXI CDMA; see qemu/README.md), once, and keep only the binary in a cache
# outside the repository:
#
#   ${VADMA_QEMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vadma}/qemu/7.2-<hash>/qemu-system-aarch64
#
# <hash> covers this script, qemu/ and every vadma source compiled into
# QEMU, so a change to any of them builds a new binary.  The QEMU is
# Debian 12's source package (7.2+dfsg), downloaded once with apt-get into
# .../vadma/qemu-src/.  Progress goes to stderr; stdout gets one line,
#
#   QEMU=/abs/path/qemu-system-aarch64
#
# (eval "$(scripts/qemu-zcu102.sh)").  When the binary is cached, nothing
# else happens.  As root it installs the build dependencies it lacks and,
# when apt has no deb-src entry for bookworm main, adds one
# (/etc/apt/sources.list.d/vadma-deb-src.list); otherwise it names what is
# missing and fails.  A lock keeps two runs from building at once.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
self=$here/$(basename "$0")
cache=${VADMA_QEMU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vadma}
src_cache=$cache/qemu-src
qemu_ver=7.2 # Debian 12's; the build steps below are written for it
deb_src_list=/etc/apt/sources.list.d/vadma-deb-src.list
build_deps=(gcc libc6-dev make python3 pkg-config ninja-build meson
	libglib2.0-dev libpixman-1-dev libfdt-dev dpkg-dev patch xz-utils)

say() { echo "qemu-zcu102: $*" >&2; }
die() {
	echo "qemu-zcu102: error: $*" >&2
	exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }

# What is compiled into QEMU, relative to the top of the repository: the
# model's sources, the headers they include (from the compiler, so that a
# change to a header QEMU never sees, such as the kernel module's uapi,
# builds nothing; every header when there is no compiler yet), the glue.
vadma_sources() {
	(cd "$top" && {
		ls model/*.c model/*.h common/*.c plat/*.c
		if ! gcc -MM -Iinclude model/*.c common/*.c plat/*.c 2>/dev/null |
			tr ' \\' '\n\n' | grep '^include/' | LC_ALL=C sort -u; then
			find include -name '*.h'
		fi
		ls qemu/*.c qemu/*.h qemu/meson.build qemu/zcu102.mak qemu/patches/*.patch
	} | LC_ALL=C sort -u)
}

# sha256 over this script and every file above, names and contents (one
# sha256sum for all: the cached case takes a few milliseconds).
source_hash() {
	{
		sha256sum <"$self"
		vadma_sources | (cd "$top" && xargs -d '\n' sha256sum --)
	} | sha256sum | cut -c1-16
}

out=$cache/qemu/$qemu_ver-$(source_hash)
bin=$out/qemu-system-aarch64
emit() { echo "QEMU=$bin"; }

if [ -x "$bin" ]; then
	emit
	exit 0
fi

mkdir -p "$cache/qemu"
exec 9>"$cache/qemu/.lock"
if ! flock -n 9; then
	say "another run is building QEMU; waiting for it"
	flock 9
fi
if [ -x "$bin" ]; then # built by the run we waited for
	emit
	exit 0
fi

# The mirror apt uses for bookworm main, and its key: a deb-src line must
# name the same key as the deb one (apt refuses two for one source).
apt_mirror() {
	local uri
	# shellcheck disable=SC2016 # $(...) is apt's field, not the shell's
	uri=$(apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' \
		'Release: bookworm' 'Component: main' 2>/dev/null | head -n1)
	echo "${uri:-http://deb.debian.org/debian/}"
}
apt_key_option() {
	local uri key
	uri=$(apt_mirror)
	uri=${uri%/}
	key=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v uri="$uri" '
		BEGIN { RS = ""; FS = "\n" }
		{
			u = s = 0; k = ""
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/ && index($i " ", uri " ") + index($i " ", uri "/ ")) u = 1
				if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) s = 1
				if ($i ~ /^Signed-By:/) { k = $i; sub(/^Signed-By:[ \t]*/, "", k) }
			}
			if (u && s && k != "") { print k; exit }
		}')
	if [ -z "$key" ]; then
		key=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -n "s|^deb *\[.*signed-by=\([^] ]*\).*\] *${uri}/* bookworm .*|\1|p" | head -n1)
	fi
	[ -z "$key" ] || echo " [signed-by=$key]"
}

# Host packages.
missing=()
for p in "${build_deps[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	is_root || die "missing packages: ${missing[*]} (install them, or run as root)"
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
fi

# Debian's source package, downloaded once.
cached_dsc() {
	find "$src_cache" -maxdepth 1 -name "qemu_$qemu_ver*.dsc" 2>/dev/null |
		LC_ALL=C sort -V | tail -n1 || true
}
dsc=$(cached_dsc)
if [ -z "$dsc" ]; then
	# shellcheck disable=SC2016 # $(...) are apt's fields, not the shell's
	if ! apt-get indextargets --format '$(CREATED_BY) $(RELEASE) $(COMPONENT)' 2>/dev/null |
		grep -qx 'Sources bookworm main'; then
		is_root || die "apt has no deb-src entry for bookworm main (add one, or run as root)"
		say "adding a deb-src entry for bookworm main ($deb_src_list)"
		echo "deb-src$(apt_key_option) $(apt_mirror) bookworm main" >"$deb_src_list"
		apt-get update -qq >&2
	fi
	say "downloading Debian's QEMU source package into $src_cache"
	mkdir -p "$src_cache"
	(cd "$src_cache" && apt-get source --download-only -qq qemu >&2)
	dsc=$(cached_dsc)
	[ -n "$dsc" ] || die "apt-get source gave no QEMU $qemu_ver in $src_cache ($(ls "$src_cache"))"
fi

# The QEMU tree, extracted, patched and configured once, is kept beside
# the binaries (about 1 GB): a change to vadma's sources then rebuilds the
# files it touches and links, in seconds.  It is made anew when what shapes
# it changes (configure's flags, the patches, the device set, the meson
# file), or when a build in it failed.
tree=$cache/qemu/tree-$qemu_ver
configure_flags=(--target-list=aarch64-softmmu --disable-docs --disable-tools
	--without-default-features --without-default-devices
	--with-devices-aarch64=vadma-zcu102 --enable-fdt=system
	--meson=/usr/bin/meson)
tree_key=$( {
	echo "${configure_flags[*]}"
	cat "$top"/qemu/patches/*.patch "$top/qemu/zcu102.mak" "$top/qemu/meson.build" "$dsc"
} | sha256sum | cut -c1-16)
src=$tree/src
start=$(date +%s)
rm -rf "$cache/qemu"/.build-* # left by an older version of this script
if [ "$(cat "$tree/key" 2>/dev/null)" != "$tree_key" ]; then
	say "building QEMU $qemu_ver with vadma's devices (one time, about 5 to 8 min on 2 cores)"
	rm -rf "$tree"
	mkdir -p "$tree"
	dpkg-source -x --no-check "$dsc" "$src" >/dev/null 2>&1 ||
		die "cannot extract $dsc"
	cp "$top/qemu/zcu102.mak" "$src/configs/devices/aarch64-softmmu/vadma-zcu102.mak"
	for p in "$top"/qemu/patches/*.patch; do
		patch -s -p1 -d "$src" <"$p" || die "patch $(basename "$p") does not apply"
	done
	fresh=1
else
	say "rebuilding QEMU $qemu_ver: vadma's sources changed (incremental)"
	fresh=0
fi

# vadma's sources and glue, as they are now.
vdir=$src/hw/misc/vadma
rm -rf "$vdir"
mkdir -p "$vdir"
(cd "$top" && cp -r --parents model common plat include "$vdir/")
cp "$top/qemu/vadma-zynqmp.c" "$vdir/"
cp "$top/qemu/vadma-zynqmp.h" "$src/include/hw/misc/"
model_files=$(cd "$vdir" && printf "  '%s',\n" model/*.c common/*.c plat/*.c)
awk -v files="$model_files" '/@VADMA_MODEL_SOURCES@/ { print files; next } { print }' \
	"$top/qemu/meson.build" >"$vdir/meson.build"

if [ "$fresh" = 1 ]; then
	mkdir -p "$tree/build"
	(cd "$tree/build" && "$src/configure" "${configure_flags[@]}" \
		>"$tree/configure.log" 2>&1) || {
		rm -f "$tree/key"
		die "configure failed: see $tree/configure.log"
	}
	echo "$tree_key" >"$tree/key"
fi
ninja -C "$tree/build" -j"$(nproc)" qemu-system-aarch64 >"$tree/build.log" 2>&1 || {
	rm -f "$tree/key" # the next run starts from scratch
	die "build failed: see $tree/build.log"
}

# Keep the binary (without its debug information: 11 MB instead of 52).
mkdir -p "$out.tmp"
strip -o "$out.tmp/qemu-system-aarch64" "$tree/build/qemu-system-aarch64"
rm -rf "$out"
mv "$out.tmp" "$out"
# The four newest binaries are kept (switching branches, a run of another
# commit beside this one), older ones go.
(cd "$cache/qemu" && ls -1dt "$qemu_ver"-* 2>/dev/null | tail -n +5 | xargs -r rm -rf)
say "built in $(($(date +%s) - start)) s: $bin"
emit

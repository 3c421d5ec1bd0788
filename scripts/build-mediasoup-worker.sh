#!/usr/bin/env bash
# Builds the mediasoup worker against Debian's system libraries, for machines that
# cannot download mediasoup's prebuilt worker (no GitHub, no PyPI, no wrapdb).
# Usage: build-mediasoup-worker.sh <mediasoup package dir> <output binary path>
# Recipe and the one required source fix: docs/decisions/004-mediasoup-worker-offline-build.md
set -euo pipefail

PKG_DIR=$(cd "$1" && pwd)
OUT_BIN=$2
JOBS=${MEDIASOUP_BUILD_JOBS:-$(nproc)}

for tool in meson ninja flatc pkg-config g++; do
  command -v "$tool" >/dev/null || { echo "build-mediasoup-worker: missing '$tool'; run scripts/install-system-deps.sh" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mediasoup-worker-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
SRC="$WORK/worker"
cp -r "$PKG_DIR/worker" "$SRC"
rm -rf "$SRC/out" "$SRC/subprojects"/*.wrap "$SRC/subprojects/packagecache"

stub() { # stub <subproject dir> <meson.build body> [meson_options body]
  mkdir -p "$SRC/subprojects/$1"
  printf '%s\n' "$2" > "$SRC/subprojects/$1/meson.build"
  [ -n "${3:-}" ] && printf '%s\n' "$3" > "$SRC/subprojects/$1/meson_options.txt"
  # The parent links each subproject's library with link_whole, so each stub
  # provides an (almost) empty static library with a uniquely named symbol.
  printf 'int ms_offline_stub_%s(void) { return 0; }\n' "${1//[-.]/_}" > "$SRC/subprojects/$1/stub.c"
}

stub openssl "project('openssl', 'c')
openssl_dep = dependency('openssl')
libssl_lib = static_library('ssl_stub', 'stub.c')
libcrypto_lib = static_library('crypto_stub', 'stub.c', c_args: ['-Dms_offline_stub_openssl=ms_offline_stub_openssl_crypto'])"

stub libuv "project('libuv', 'c')
libuv_dep = dependency('libuv')
libuv = static_library('uv_stub', 'stub.c')" \
"option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)"

stub usrsctp "project('usrsctp', 'c')
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('usrsctp_stub', 'stub.c')" \
"option('sctp_build_programs', type: 'boolean', value: false)"

stub flatbuffers "project('flatbuffers', 'c')
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('flatbuffers_stub', 'stub.c')"

stub abseil-cpp "project('abseil-cpp', 'c')
absl_container_dep = declare_dependency(dependencies: [dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'), dependency('absl_inlined_vector'), dependency('absl_node_hash_map')])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [dependency('absl_optional'), dependency('absl_variant'), dependency('absl_span')])
absl_container_lib = static_library('absl_container_stub', 'stub.c')"

stub catch2 "project('catch2', 'c')
catch2_dep = declare_dependency()"

stub nlohmann_json "project('nlohmann_json', 'c')
nlohmann_json_dep = dependency('nlohmann_json')"

# libsrtp: Debian's libsrtp2 does its crypto through NSS, which builds and frees a cipher
# context for every packet; profiled, that was a third of the worker's CPU when fanning
# out. So, where Debian's source archive answers, the same libsrtp 2.5 is built from
# Debian's source package against OpenSSL (AES-NI, contexts reused) and linked statically;
# otherwise the worker links Debian's shared libsrtp2 as before.
SRTP_DEP="dependency('libsrtp2')"
build_openssl_libsrtp() {
  local d="$WORK/libsrtp" opts
  mkdir -p "$d/lists/partial" "$d/parts" "$d/cache/archives/partial" "$d/dl"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$d/parts/src.sources"
  opts=(-o "Dir::Etc::SourceParts=$d/parts" -o "Dir::Etc::SourceList=/dev/null" -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache")
  apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || return 1
  (cd "$d/dl" && apt-get "${opts[@]}" source --download-only libsrtp2 >/dev/null 2>&1) || return 1
  tar -xzf "$d"/dl/libsrtp2_2.5.*.orig.tar.gz -C "$d" || return 1
  local src
  src=$(echo "$d"/libsrtp-2.5.*/)
  [ -f "$src/configure" ] || return 1
  (cd "$src" && ./configure --enable-openssl --disable-debug-logging CFLAGS="-O2 -fPIC" >/dev/null && make -j "$JOBS" libsrtp2.a >/dev/null) || return 1
  mkdir -p "$SRC/subprojects/libsrtp3/include/srtp2"
  cp "$src/include/srtp.h" "$SRC/subprojects/libsrtp3/include/srtp2/srtp.h"
  SRTP_DEP="declare_dependency(link_args: ['${src}libsrtp2.a'], dependencies: dependency('openssl'))"
}
if command -v apt-get >/dev/null && [ "${MEDIASOUP_SYSTEM_LIBSRTP:-0}" != 1 ] && build_openssl_libsrtp; then
  echo "build-mediasoup-worker: libsrtp 2.5.0 built against OpenSSL"
else
  echo "build-mediasoup-worker: using Debian's libsrtp2 (NSS crypto)"
fi

# libsrtp3 API on top of libsrtp2.
stub libsrtp3 "project('libsrtp3', 'c')
libsrtp3_dep = declare_dependency(include_directories: include_directories('include'), dependencies: $SRTP_DEP)
libsrtp3 = static_library('srtp3_stub', 'stub.c')" \
"option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'feature', value: 'disabled')
option('tests', type: 'feature', value: 'disabled')"
mkdir -p "$SRC/subprojects/libsrtp3/include"
cat > "$SRC/subprojects/libsrtp3/include/srtp.h" <<'H'
// libsrtp 3 API shim over libsrtp 2 (Debian bookworm ships libsrtp2 only).
#pragma once
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

static constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
static constexpr srtp_err_status_t srtp_err_status_cryptex_err = static_cast<srtp_err_status_t>(29);

namespace ms_srtp3_shim {
template <typename Fn>
inline srtp_err_status_t run(const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, bool protect, Fn fn) {
  if (in_len > static_cast<size_t>(INT_MAX)) return srtp_err_status_bad_param;
  if (protect && *out_len < in_len + SRTP_MAX_TRAILER_LEN) return srtp_err_status_buffer_small;
  if (!protect && *out_len < in_len) return srtp_err_status_buffer_small;
  if (in != out) std::memmove(out, in, in_len);
  int len = static_cast<int>(in_len);
  const srtp_err_status_t err = fn(out, &len);
  if (err == srtp_err_status_ok) *out_len = static_cast<size_t>(len);
  return err;
}
} // namespace ms_srtp3_shim

inline srtp_err_status_t srtp_protect(srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, size_t mki_index = 0) {
  return ms_srtp3_shim::run(in, in_len, out, out_len, true, [&](uint8_t* p, int* l) { return srtp_protect_mki(ctx, p, l, 0, static_cast<unsigned int>(mki_index)); });
}
inline srtp_err_status_t srtp_protect_rtcp(srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, size_t mki_index = 0) {
  return ms_srtp3_shim::run(in, in_len, out, out_len, true, [&](uint8_t* p, int* l) { return srtp_protect_rtcp_mki(ctx, p, l, 0, static_cast<unsigned int>(mki_index)); });
}
inline srtp_err_status_t srtp_unprotect(srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len) {
  return ms_srtp3_shim::run(in, in_len, out, out_len, false, [&](uint8_t* p, int* l) { return srtp_unprotect_mki(ctx, p, l, 0); });
}
inline srtp_err_status_t srtp_unprotect_rtcp(srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len) {
  return ms_srtp3_shim::run(in, in_len, out, out_len, false, [&](uint8_t* p, int* l) { return srtp_unprotect_rtcp_mki(ctx, p, l, 0); });
}
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc) { return srtp_remove_stream(session, ssrc); }
#endif
H

# The required source fix: BIO callback must test the BIO_CB_RETURN bit, otherwise
# Debian's kTLS-enabled OpenSSL never allocates the DTLS write buffer (SIGSEGV).
F="$SRC/src/RTC/DtlsTransport.cpp"
if grep -q '(operationType == BIO_CB_RETURN)' "$F"; then
  sed -i 's/(operationType == BIO_CB_RETURN)/((operationType \& BIO_CB_RETURN) != 0)/' "$F"
fi
grep -q '(operationType & BIO_CB_RETURN) != 0' "$F" || { echo "build-mediasoup-worker: DtlsTransport BIO fix did not apply" >&2; exit 1; }

# io_uring (liburing): mediasoup batches its UDP sends through it on Linux >= 6, which
# saves a syscall per packet per viewer. Debian's liburing-dev (2.3) stands in for the
# wrapped 2.5; three helpers that 2.5 added are provided in the header that includes it.
URING_OPT=-Dms_disable_liburing=true
if pkg-config --exists liburing; then
  stub liburing "project('liburing', 'c')
uring = dependency('liburing')
liburing = static_library('uring_stub', 'stub.c')"
  H="$SRC/include/DepLibUring.hpp"
  grep -q '^#include <liburing.h>$' "$H" || { echo "build-mediasoup-worker: DepLibUring.hpp no longer includes <liburing.h> as expected" >&2; exit 1; }
  sed -i 's|^#include <liburing.h>$|#include <liburing.h>\n#include "liburing-compat.h"|' "$H"
  cat > "$SRC/include/liburing-compat.h" <<'H'
// liburing 2.4+ helpers used by mediasoup, for Debian bookworm's liburing 2.3.
#pragma once
#include <liburing.h>
#if !__has_include(<liburing/io_uring_version.h>)
static inline int io_uring_major_version(void) { return 2; }
static inline int io_uring_minor_version(void) { return 3; }
static inline void io_uring_prep_sendto(struct io_uring_sqe* sqe, int sockfd, const void* buf, size_t len, int flags, const struct sockaddr* addr, socklen_t addrlen)
{
  io_uring_prep_send(sqe, sockfd, buf, len, flags);
  io_uring_prep_send_set_addr(sqe, addr, static_cast<__u16>(addrlen));
}
#endif
H
  URING_OPT=-Dms_disable_liburing=false
fi

BUILD="$WORK/out"
meson setup --buildtype=release --wrap-mode=nodownload -Db_ndebug=true "$URING_OPT" "$BUILD" "$SRC"
meson compile -C "$BUILD" -j "$JOBS" flatbuffers-generator
meson compile -C "$BUILD" -j "$JOBS" mediasoup-worker

BIN="$BUILD/mediasoup-worker"
if ldd "$BIN" | grep -q 'not found'; then
  echo "build-mediasoup-worker: missing shared libraries:" >&2; ldd "$BIN" | grep 'not found' >&2; exit 1
fi
strip "$BIN"
mkdir -p "$(dirname "$OUT_BIN")"
cp "$BIN" "$OUT_BIN.tmp" && mv "$OUT_BIN.tmp" "$OUT_BIN"
echo "build-mediasoup-worker: built $OUT_BIN ($(du -h "$OUT_BIN" | cut -f1))"

#!/usr/bin/env bash
# Compiles and links the Windows branch of our card-handle addon (native/pcsclite/card-handle) with
# MinGW-w64 against the Node-API headers (node-api-headers) and MinGW's winscard.h, warnings as
# errors, so a Windows release runner never meets a compile error first. The result is a real PE DLL
# that imports node.exe's Node-API and WinSCard.dll; it is checked to export the module entry point.
# Needs Debian's gcc-mingw-w64-x86-64 (.ci/run installs it). Exit non-zero on any warning or error.
set -euo pipefail
cd "$(dirname "$0")/.."

cc=x86_64-w64-mingw32-gcc
command -v "$cc" >/dev/null || { echo "compile-windows-addon: $cc not found (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 1; }
headers=node_modules/node-api-headers
[ -f "$headers/include/node_api.h" ] || { echo "compile-windows-addon: $headers is missing (npm ci)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The flags of binding.gyp (-Wall -Wextra -Werror -std=c11), plus the Windows target.
"$cc" -std=c11 -Wall -Wextra -Werror -fno-strict-aliasing -I"$headers/include" \
  -c native/pcsclite/card-handle/card-handle.c -o "$out/card-handle.o"
# node.exe exports Node-API; an import library made from the headers' .def file links against it.
x86_64-w64-mingw32-dlltool -d "$headers/def/node_api.def" -l "$out/libnode_api.a" -D node.exe
"$cc" -shared -Wl,--fatal-warnings -o "$out/card_handle.node" "$out/card-handle.o" -L"$out" -lnode_api -lwinscard
# Read the whole table first: `grep -q` would stop reading early and fail the pipe under pipefail.
exports=$(x86_64-w64-mingw32-objdump -p "$out/card_handle.node")
grep -q 'napi_register_module_v1' <<<"$exports" \
  || { echo "compile-windows-addon: card_handle.node does not export napi_register_module_v1" >&2; exit 1; }
echo "compile-windows-addon: the Windows branch of card-handle.c compiles and links without warnings"

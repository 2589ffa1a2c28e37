#!/usr/bin/env bash
# Builds the Azure Functions deployment zip for accelconn: target/accelconn-functions.zip.
#
#   bash infra/package.sh                 # JVM: ./mvnw package, ships target/quarkus-app/ as app/
#   bash infra/package.sh --native        # native: ./mvnw package -Dnative, ships the runner as accelconn
#   bash infra/package.sh --skip-build    # package what target/ already holds
#   bash infra/package.sh --native --skip-build --allow-local-native
#                                         # package the executable ../shared/tools/native-build left, to
#                                         # inspect the layout: it links this machine's JDK, never deploy it
#   bash infra/package.sh -- -Dquarkus.native.container-build=true   # extra Maven arguments
#
# Zip layout (what the Functions host expects at /home/site/wwwroot):
#   host.json                  functions/host.json (JVM) or functions/host.native.json (native)
#   <function>/function.json   one folder per function under functions/
#   app/quarkus-run.jar, app/lib/..., app/app/..., app/quarkus/...   (JVM)
#   app/app-cds.jsa            the AppCDS archive host.json maps (JVM; used only by the JDK build that dumped it)
#   accelconn                  the native executable, mode 0755                (native)
#
# No network use except what Maven itself does.
set -euo pipefail

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
}

variant=jvm
build=true
output=
allow_local_native=false
maven_extra=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --native) variant=native ;;
    --jvm) variant=jvm ;;
    --skip-build) build=false ;;
    --allow-local-native) allow_local_native=true ;;
    --output)
      [ "$#" -ge 2 ] || { echo "package.sh: --output needs a path" >&2; exit 2; }
      output=$2
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    --) shift; maven_extra=("$@"); break ;;
    *) echo "package.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

command -v zip >/dev/null 2>&1 || { echo "package.sh: 'zip' is not installed (Debian/Ubuntu: apt-get install zip)" >&2; exit 1; }
[ -f functions/host.json ] || { echo "package.sh: functions/host.json not found under $repo_root" >&2; exit 1; }

output=${output:-$repo_root/target/accelconn-functions.zip}
case "$output" in /*) ;; *) output=$PWD/$output ;; esac

# --- build --------------------------------------------------------------------------------------
if [ "$build" = true ]; then
  maven_args=(-B -q package -DskipTests)
  if [ "$variant" = native ]; then
    # -Dnative is the usual profile switch; quarkus.native.enabled is what the profile sets, given
    # directly so the build is native whether or not pom.xml declares a `native` profile.
    maven_args+=(-Dnative -Dquarkus.native.enabled=true)
  fi
  echo "package.sh: ./mvnw ${maven_args[*]} ${maven_extra[*]:-}"
  ./mvnw "${maven_args[@]}" ${maven_extra[@]+"${maven_extra[@]}"}
fi

# --- stage --------------------------------------------------------------------------------------
stage=$repo_root/target/functions-package
rm -rf "$stage"
mkdir -p "$stage"

if [ "$variant" = native ]; then
  cp functions/host.native.json "$stage/host.json"
else
  cp functions/host.json "$stage/host.json"
fi

functions_found=0
for dir in functions/*/; do
  [ -f "${dir}function.json" ] || continue
  cp -R "${dir%/}" "$stage/"
  functions_found=$((functions_found + 1))
done
[ "$functions_found" -gt 0 ] || { echo "package.sh: no functions/<name>/function.json found" >&2; exit 1; }

if [ "$variant" = native ]; then
  runners=()
  for candidate in target/*-runner; do
    [ -f "$candidate" ] && runners+=("$candidate")
  done
  if [ "${#runners[@]}" -ne 1 ]; then
    echo "package.sh: expected exactly one target/*-runner (found ${#runners[@]}); build with --native on a machine with GraalVM/Mandrel, or add -- -Dquarkus.native.container-build=true" >&2
    exit 1
  fi
  if [ "$(head -c 4 "${runners[0]}" | od -An -c | tr -d ' \n')" != '177ELF' ]; then
    echo "package.sh: ${runners[0]} is not an ELF executable; Azure Functions on Linux needs a Linux x86-64 build" >&2
    exit 1
  fi
  # ../shared/tools/native-build links the executable to a local JDK's shared libraries (an rpath into
  # it): it starts only on the machine that built it, so it must not reach a function app by accident.
  if command -v readelf >/dev/null 2>&1 && readelf -d "${runners[0]}" 2>/dev/null | grep -Eq '(RPATH|RUNPATH).*/lib/jvm/'; then
    if [ "$allow_local_native" != true ]; then
      echo "package.sh: ${runners[0]} links a local JDK (built by ../shared/tools/native-build for verification); it runs only on this machine. Build the deployable one with Mandrel/GraalVM or -- -Dquarkus.native.container-build=true, or pass --allow-local-native to package it for inspection" >&2
      exit 1
    fi
    echo "package.sh: warning: ${runners[0]} links a local JDK; this zip is for inspection, not for deployment" >&2
  fi
  cp "${runners[0]}" "$stage/accelconn"
  chmod 0755 "$stage/accelconn"
else
  [ -f target/quarkus-app/quarkus-run.jar ] || {
    echo "package.sh: target/quarkus-app/quarkus-run.jar not found; run without --skip-build" >&2
    exit 1
  }
  cp -R target/quarkus-app "$stage/app"
fi

# --- zip ----------------------------------------------------------------------------------------
mkdir -p "$(dirname "$output")"
rm -f "$output"
# -X: no uid/gid extra fields; the Unix mode bits (0755 on the native executable) are kept.
(cd "$stage" && zip -q -r -X "$output" .)

# Counted from the staging folder: no unzip needed (zip is the one archive tool this script requires).
entries=$(find "$stage" -type f | wc -l | tr -d ' ')
size=$(wc -c <"$output" | tr -d ' ')
echo "package.sh: wrote $output ($variant, $functions_found functions, $entries files, $size bytes)"

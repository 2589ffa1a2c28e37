#!/usr/bin/env bash
# Deploys accelconn to Azure in its three phases, in order:
#   1. infra      az deployment sub create -f infra/main.bicep       (host subscription)
#   2. code       infra/package.sh, then az functionapp deployment source config-zip
#                 (EP1 without shared keys: upload to the package blob instead, see README)
#   3. eventgrid  az deployment sub create -f infra/eventgrid.bicep  (once per target subscription;
#                 needs the `enforce` function from phase 2)
#
# Usage:
#   bash infra/deploy.sh [--what-if] [--phases infra,code,eventgrid] [--skip-package]
#
#   --what-if       show what phases 1 and 3 would change (az deployment sub what-if) and what
#                   phase 2 would upload; changes nothing in Azure and builds nothing.
#   --phases LIST   run only these phases (comma-separated); default: all three.
#   --skip-package  deploy the zip that is already there (ACCELCONN_DEPLOY_PACKAGE) without building.
#
# Inputs, as environment variables (required ones marked *):
#   ACCELCONN_DEPLOY_LOCATION *            region, e.g. westeurope
#   ACCELCONN_DEPLOY_TARGET_SUBSCRIPTIONS * subscription IDs whose NICs accelconn manages
#                                          (comma- or space-separated)
#   ACCELCONN_DEPLOY_HOST_SUBSCRIPTION     subscription for the app (default: az's current one)
#   ACCELCONN_DEPLOY_RESOURCE_GROUP        default rg-accelconn
#   ACCELCONN_DEPLOY_EVENTS_RESOURCE_GROUP resource group for the system topic in each target
#                                          subscription, default rg-accelconn-events
#   ACCELCONN_DEPLOY_NAME_PREFIX           default accelconn
#   ACCELCONN_DEPLOY_PLAN_SKU              FC1 (default) or EP1
#   ACCELCONN_DEPLOY_PACKAGE_VARIANT       jvm (default) or native
#   ACCELCONN_DEPLOY_ENFORCE_MODE          audit (default) or enforce
#   ACCELCONN_DEPLOY_ENROLLED_SUBSCRIPTIONS subscriptions signed up for the feature (default: none
#                                          = no sign-up check)
#   ACCELCONN_DEPLOY_ALLOW_SHARED_KEY_ACCESS false (default) or true
#   ACCELCONN_DEPLOY_ENABLE_APP_INSIGHTS   true (default) or false
#   ACCELCONN_DEPLOY_AUDIT_TABLE           default AccelConnAudit
#   ACCELCONN_DEPLOY_SWEEP_SCHEDULE        NCRONTAB of the scheduled sweep, default "0 0 3 * * *" (daily 03:00 UTC)
#   ACCELCONN_DEPLOY_GRANT_DEPLOYER_UPLOAD true (default) or false: EP1 without shared keys, grant
#                                          the deploying identity Storage Blob Data Contributor on
#                                          the package container (phase 2 uploads with it)
#   ACCELCONN_DEPLOY_EXTRA_ROLE_ACTIONS    extra actions for the custom role (comma-separated)
#   ACCELCONN_DEPLOY_CUSTOM_ROLE_NAME      default "accelconn NIC operator" (unique per tenant)
#   ACCELCONN_DEPLOY_DEPLOYMENT_NAME       ARM deployment name, default accelconn
#   ACCELCONN_DEPLOY_PACKAGE               zip to deploy, default target/accelconn-functions.zip
#
# The deployer needs Owner (or Contributor + User Access Administrator) on the host subscription
# and on every target subscription: the template creates a custom role and role assignments.
set -euo pipefail

die() { echo "deploy.sh: $*" >&2; exit 1; }
log() { echo "deploy.sh: $*" >&2; }

what_if=false
phases=infra,code,eventgrid
skip_package=false
while [ "$#" -gt 0 ]; do
  case "$1" in
    --what-if) what_if=true ;;
    --phases)
      [ "$#" -ge 2 ] || die "--phases needs a list, e.g. --phases infra,code"
      phases=$2
      shift
      ;;
    --skip-package) skip_package=true ;;
    -h | --help) sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

has_phase() { case ",$phases," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for phase in ${phases//,/ }; do
  case "$phase" in infra | code | eventgrid) ;; *) die "unknown phase '$phase' (infra, code, eventgrid)" ;; esac
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# --- inputs -------------------------------------------------------------------------------------
location=${ACCELCONN_DEPLOY_LOCATION:-}
targets_raw=${ACCELCONN_DEPLOY_TARGET_SUBSCRIPTIONS:-}
host_subscription=${ACCELCONN_DEPLOY_HOST_SUBSCRIPTION:-}
resource_group=${ACCELCONN_DEPLOY_RESOURCE_GROUP:-rg-accelconn}
events_resource_group=${ACCELCONN_DEPLOY_EVENTS_RESOURCE_GROUP:-rg-accelconn-events}
name_prefix=${ACCELCONN_DEPLOY_NAME_PREFIX:-accelconn}
plan_sku=${ACCELCONN_DEPLOY_PLAN_SKU:-FC1}
package_variant=${ACCELCONN_DEPLOY_PACKAGE_VARIANT:-jvm}
grant_deployer_upload=${ACCELCONN_DEPLOY_GRANT_DEPLOYER_UPLOAD:-true}
enforce_mode=${ACCELCONN_DEPLOY_ENFORCE_MODE:-audit}
enrolled_raw=${ACCELCONN_DEPLOY_ENROLLED_SUBSCRIPTIONS:-}
allow_shared_key=${ACCELCONN_DEPLOY_ALLOW_SHARED_KEY_ACCESS:-false}
enable_app_insights=${ACCELCONN_DEPLOY_ENABLE_APP_INSIGHTS:-true}
audit_table=${ACCELCONN_DEPLOY_AUDIT_TABLE:-AccelConnAudit}
sweep_schedule=${ACCELCONN_DEPLOY_SWEEP_SCHEDULE:-0 0 3 * * *}
extra_actions_raw=${ACCELCONN_DEPLOY_EXTRA_ROLE_ACTIONS:-}
custom_role_name=${ACCELCONN_DEPLOY_CUSTOM_ROLE_NAME:-accelconn NIC operator}
deployment_name=${ACCELCONN_DEPLOY_DEPLOYMENT_NAME:-accelconn}
package_zip=${ACCELCONN_DEPLOY_PACKAGE:-$repo_root/target/accelconn-functions.zip}

[ -n "$location" ] || die "set ACCELCONN_DEPLOY_LOCATION (e.g. westeurope)"
[ -n "$targets_raw" ] || die "set ACCELCONN_DEPLOY_TARGET_SUBSCRIPTIONS (the subscriptions whose NICs accelconn manages)"
case "$plan_sku" in FC1 | EP1) ;; *) die "ACCELCONN_DEPLOY_PLAN_SKU must be FC1 or EP1" ;; esac
case "$package_variant" in jvm | native) ;; *) die "ACCELCONN_DEPLOY_PACKAGE_VARIANT must be jvm or native" ;; esac
case "$enforce_mode" in audit | enforce) ;; *) die "ACCELCONN_DEPLOY_ENFORCE_MODE must be audit or enforce" ;; esac
case "$allow_shared_key" in true | false) ;; *) die "ACCELCONN_DEPLOY_ALLOW_SHARED_KEY_ACCESS must be true or false" ;; esac
case "$enable_app_insights" in true | false) ;; *) die "ACCELCONN_DEPLOY_ENABLE_APP_INSIGHTS must be true or false" ;; esac
case "$grant_deployer_upload" in true | false) ;; *) die "ACCELCONN_DEPLOY_GRANT_DEPLOYER_UPLOAD must be true or false" ;; esac

# "a, b c" -> one item per line
split_list() { printf '%s\n' "$1" | sed 's/[,[:space:]][,[:space:]]*/\n/g' | sed '/^$/d'; }
mapfile -t targets < <(split_list "$targets_raw")
mapfile -t enrolled < <(split_list "$enrolled_raw")
mapfile -t extra_actions < <(split_list "$extra_actions_raw")

guid_re='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
for id in "${targets[@]}" ${enrolled[@]+"${enrolled[@]}"}; do
  [[ $id =~ $guid_re ]] || die "'$id' is not a subscription ID"
done

command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is not installed"
az account show --output none 2>/dev/null || die "not logged in: run az login"
if [ -z "$host_subscription" ]; then
  host_subscription=$(az account show --query id --output tsv)
fi
[[ $host_subscription =~ $guid_re ]] || die "host subscription '$host_subscription' is not a subscription ID"

# --- JSON for the parameters file (no jq needed) ------------------------------------------------
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
json_array() {
  local first=true item
  printf '['
  for item in "$@"; do
    [ "$first" = true ] || printf ','
    first=false
    json_string "$item"
  done
  printf ']'
}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
main_parameters=$workdir/main.parameters.json
{
  # shellcheck disable=SC2016 # "$schema" is a JSON key, not a shell expansion
  printf '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n'
  printf '  "contentVersion": "1.0.0.0",\n  "parameters": {\n'
  printf '    "location": {"value": %s},\n' "$(json_string "$location")"
  printf '    "resourceGroupName": {"value": %s},\n' "$(json_string "$resource_group")"
  printf '    "namePrefix": {"value": %s},\n' "$(json_string "$name_prefix")"
  printf '    "planSku": {"value": %s},\n' "$(json_string "$plan_sku")"
  printf '    "packageVariant": {"value": %s},\n' "$(json_string "$package_variant")"
  printf '    "enforceMode": {"value": %s},\n' "$(json_string "$enforce_mode")"
  printf '    "allowSharedKeyAccess": {"value": %s},\n' "$allow_shared_key"
  printf '    "enableApplicationInsights": {"value": %s},\n' "$enable_app_insights"
  printf '    "grantDeployerPackageUpload": {"value": %s},\n' "$grant_deployer_upload"
  printf '    "auditTableName": {"value": %s},\n' "$(json_string "$audit_table")"
  printf '    "sweepSchedule": {"value": %s},\n' "$(json_string "$sweep_schedule")"
  printf '    "customRoleName": {"value": %s},\n' "$(json_string "$custom_role_name")"
  printf '    "targetSubscriptionIds": {"value": %s},\n' "$(json_array "${targets[@]}")"
  printf '    "enrolledSubscriptionIds": {"value": %s},\n' "$(json_array ${enrolled[@]+"${enrolled[@]}"})"
  printf '    "extraRoleActions": {"value": %s}\n' "$(json_array ${extra_actions[@]+"${extra_actions[@]}"})"
  printf '  }\n}\n'
} >"$main_parameters"

# --- outputs of the main deployment -------------------------------------------------------------
main_output() {
  az deployment sub show --subscription "$host_subscription" --name "$deployment_name" \
    --query "properties.outputs.$1.value" --output tsv
}
main_deployment_exists() {
  [ "$(az deployment sub show --subscription "$host_subscription" --name "$deployment_name" \
    --query properties.provisioningState --output tsv 2>/dev/null || true)" = Succeeded ]
}

# --- phase 1: infrastructure --------------------------------------------------------------------
if has_phase infra; then
  if [ "$what_if" = true ]; then
    log "phase 1 (what-if): infra/main.bicep in subscription $host_subscription"
    az deployment sub what-if --subscription "$host_subscription" --name "$deployment_name" \
      --location "$location" --template-file infra/main.bicep --parameters "@$main_parameters"
  else
    log "phase 1: infra/main.bicep in subscription $host_subscription (enforce mode: $enforce_mode)"
    az deployment sub create --subscription "$host_subscription" --name "$deployment_name" \
      --location "$location" --template-file infra/main.bicep --parameters "@$main_parameters" \
      --output none
  fi
fi

have_outputs=false
if has_phase code || has_phase eventgrid; then
  if main_deployment_exists; then
    have_outputs=true
    app_name=$(main_output functionAppName)
    app_id=$(main_output functionAppResourceId)
    app_resource_group=$(main_output resourceGroupName)
    storage_name=$(main_output storageAccountName)
    storage_id=$(main_output storageAccountResourceId)
    dead_letter_container=$(main_output deadLetterContainerName)
    package_container=$(main_output packageContainerName)
    package_blob=$(main_output packageBlobName)
    uses_package_blob=$(main_output usesPackageBlobUrl)
    deployed_variant=$(main_output packageVariant)
    if [ "$deployed_variant" != "$package_variant" ]; then
      die "the app was deployed for the '$deployed_variant' package, this run builds '$package_variant': run phase infra with the same ACCELCONN_DEPLOY_PACKAGE_VARIANT first"
    fi
  elif [ "$what_if" = true ]; then
    log "no succeeded deployment '$deployment_name' yet: phases code and eventgrid are shown only after phase 1 has run"
  else
    die "no succeeded deployment '$deployment_name' in subscription $host_subscription: run phase infra first"
  fi
fi

# --- phase 2: code ------------------------------------------------------------------------------
if has_phase code && [ "$have_outputs" = true ]; then
  if [ "$what_if" = true ]; then
    if [ "$uses_package_blob" = true ]; then
      log "phase 2 (what-if): would upload $package_zip to $storage_name/$package_container/$package_blob and restart $app_name"
    else
      log "phase 2 (what-if): would run config-zip of $package_zip to $app_name ($package_variant)"
    fi
  else
    if [ "$skip_package" = false ]; then
      package_args=(--output "$package_zip")
      [ "$package_variant" = native ] && package_args+=(--native)
      bash infra/package.sh "${package_args[@]}"
    fi
    [ -f "$package_zip" ] || die "no package at $package_zip (run infra/package.sh)"

    if [ "$uses_package_blob" = true ]; then
      # EP1 without shared keys: the app runs from this blob (WEBSITE_RUN_FROM_PACKAGE, read with
      # its identity). The upload is a data-plane call with the deployer's own identity, which needs
      # a blob data role: phase 1 grants Storage Blob Data Contributor on the container (unless
      # ACCELCONN_DEPLOY_GRANT_DEPLOYER_UPLOAD=false). A new assignment takes minutes to apply, so
      # check for it first, and say what is missing rather than fail half-way.
      attempt=1
      until az storage blob list --subscription "$host_subscription" --auth-mode login \
        --account-name "$storage_name" --container-name "$package_container" --num-results 1 \
        --output none 2>/dev/null; do
        if [ "$attempt" -ge 10 ]; then
          die "no blob data access to $storage_name/$package_container for the signed-in identity: it needs Storage Blob Data Contributor on that container (phase infra grants it unless ACCELCONN_DEPLOY_GRANT_DEPLOYER_UPLOAD=false; role assignments can take up to 10 minutes to apply)"
        fi
        log "no blob data access to $storage_name/$package_container yet (attempt $attempt); retrying in 60 s (role assignments may still be propagating)"
        attempt=$((attempt + 1))
        sleep 60
      done
      log "phase 2: uploading the package to $storage_name/$package_container/$package_blob"
      az storage blob upload --subscription "$host_subscription" --auth-mode login \
        --account-name "$storage_name" --container-name "$package_container" \
        --name "$package_blob" --file "$package_zip" --overwrite true --output none
      az functionapp restart --subscription "$host_subscription" \
        --resource-group "$app_resource_group" --name "$app_name"
      az rest --method post --url "$app_id/syncfunctiontriggers?api-version=2024-04-01" --output none
    else
      log "phase 2: config-zip $package_zip to $app_name"
      # On a new Flex Consumption app the identity's role on the deployment container can take a
      # few minutes to apply; the upload then fails with 403 from storage. Retry for that.
      attempt=1
      until az functionapp deployment source config-zip --subscription "$host_subscription" \
        --resource-group "$app_resource_group" --name "$app_name" --src "$package_zip" --output none; do
        [ "$attempt" -lt 5 ] || die "config-zip failed $attempt times"
        log "config-zip failed (attempt $attempt); retrying in 60 s (role assignments may still be propagating)"
        attempt=$((attempt + 1))
        sleep 60
      done
    fi

    # Phase 3 needs the function: wait until the host has indexed `enforce`.
    log "waiting for function 'enforce' on $app_name"
    for _ in $(seq 1 30); do
      if az functionapp function show --subscription "$host_subscription" \
        --resource-group "$app_resource_group" --name "$app_name" --function-name enforce \
        --query name --output tsv >/dev/null 2>&1; then
        found_enforce=true
        break
      fi
      sleep 10
    done
    [ "${found_enforce:-false}" = true ] || die "function 'enforce' did not appear within 5 minutes: check the app's logs before phase eventgrid"
  fi
fi

# --- phase 3: Event Grid, per target subscription -----------------------------------------------
if has_phase eventgrid && [ "$have_outputs" = true ]; then
  for target in "${targets[@]}"; do
    events_args=(--subscription "$target" --name "$deployment_name-events" --location "$location"
      --template-file infra/eventgrid.bicep
      --parameters location="$location" resourceGroupName="$events_resource_group"
      functionAppResourceId="$app_id" storageAccountResourceId="$storage_id"
      deadLetterContainerName="$dead_letter_container")
    if [ "$what_if" = true ]; then
      log "phase 3 (what-if): infra/eventgrid.bicep in subscription $target"
      az deployment sub what-if "${events_args[@]}"
    else
      log "phase 3: infra/eventgrid.bicep in subscription $target"
      az deployment sub create "${events_args[@]}" --output none
    fi
  done
fi

if [ "$what_if" = false ] && [ "$have_outputs" = true ]; then
  log "done: $app_name ($plan_sku, $package_variant, mode $enforce_mode)"
  if [ "$enforce_mode" = audit ]; then
    log "audit mode: accelconn records decisions in table $audit_table and writes nothing to ARM."
    log "to enforce: ACCELCONN_DEPLOY_ENFORCE_MODE=enforce bash infra/deploy.sh --phases infra"
  fi
fi

// accelconn: phase 1 of 3, the infrastructure (see README.md).
//
//   az deployment sub create --location <region> --template-file infra/main.bicep --parameters ...
//
// Creates the resource group and, through modules/app.bicep, the storage account (audit table,
// dead-letter and package containers), the Linux Functions plan and app with a system-assigned
// identity, optional Application Insights; then the least-privilege custom role and its
// assignment to the app's identity on every target subscription.
//
// Phase 2 deploys the code (infra/package.sh + az functionapp deployment source config-zip);
// phase 3 (infra/eventgrid.bicep) subscribes the `enforce` function to ARM write events, which
// needs the function to exist. infra/deploy.sh runs all three in order.
targetScope = 'subscription'

// --- where and what -----------------------------------------------------------------------------

@description('Region of the resource group and of everything in it.')
param location string

@description('Resource group that holds accelconn (created if missing).')
param resourceGroupName string = 'rg-accelconn'

@description('Prefix for resource names: lower-case letters, digits and hyphens (hyphens are dropped from the storage account name).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'accelconn'

@description('Functions plan: FC1 = Flex Consumption (scale to zero, identity-only storage), EP1 = Elastic Premium (always warm). See modules/app.bicep for why not Y1.')
@allowed([
  'FC1'
  'EP1'
])
param planSku string = 'FC1'

@description('Which build is deployed: jvm (java -jar app/quarkus-run.jar) or native (./accelconn). Must match infra/package.sh [--native].')
@allowed([
  'jvm'
  'native'
])
param packageVariant string = 'jvm'

@description('JVM variant only: the java executable the Functions host starts (overrides host.json\'s defaultExecutablePath; %VAR% is expanded by the host). Empty = keep host.json\'s `java`.')
param javaExecutablePath string = '%JAVA_HOME%/bin/java'

@description('Flex Consumption: most instances the app scales out to. EP1: capped at 20 elastic workers.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption instance memory (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// --- storage ------------------------------------------------------------------------------------

@description('Allow shared-key (account key / SAS) access to the storage account. Everything here works without it; EP1 then runs from the package blob instead of an Azure Files share.')
param allowSharedKeyAccess bool = false

@description('Storage account redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Table for accelconn\'s audit records (accelconn.storage.audit-table).')
@minLength(3)
@maxLength(63)
param auditTableName string = 'AccelConnAudit'

@description('Queue of the compliance sweep\'s work items (accelconn.sweep.queue; functions/sweep-worker/function.json names the same queue).')
@minLength(3)
@maxLength(57)
param sweepQueueName string = 'accelconn-sweep'

@description('NCRONTAB (6 fields, UTC) of the scheduled compliance sweep, the app setting ACCELCONN_SWEEP_SCHEDULE that functions/sweep-timer reads. Default: daily at 03:00.')
param sweepSchedule string = '0 0 3 * * *'

@description('Table of the VM restart journal (accelconn.storage.restart-journal-table): one entry per VM accelconn stop-deallocated, open until it runs again.')
@minLength(3)
@maxLength(63)
param restartJournalTableName string = 'AccelConnRestarts'

@description('NCRONTAB schedule of the restart-journal timer function, which starts VMs accelconn stopped and could not start again (six fields, UTC).')
param restartJournalSchedule string = '0 */5 * * * *'

@description('EP1 without shared keys only: grant the identity running this deployment Storage Blob Data Contributor on the package container, which deploy.sh phase 2 uploads to with --auth-mode login. Set false where a pipeline identity is granted that role otherwise.')
param grantDeployerPackageUpload bool = true

@description('Blob container that receives Event Grid deliveries that failed for 24 h or 30 attempts.')
@minLength(3)
@maxLength(63)
param deadLetterContainerName string = 'accelconn-deadletter'

// --- accelconn configuration -------------------------------------------------------------------

@description('audit = decide and record, never write to ARM (the safe first deployment); enforce = also apply the NIC changes.')
@allowed([
  'audit'
  'enforce'
])
param enforceMode string = 'audit'

@description('Subscriptions signed up for Accelerated Connections (accelconn.policy.enrolled-subscriptions). Empty = no sign-up check.')
param enrolledSubscriptionIds array = []

@description('Azure cloud name for accelconn.azure.cloud; the deployment\'s own cloud by default.')
@allowed([
  'AzureCloud'
  'AzureUSGovernment'
  'AzureChinaCloud'
])
param azureCloud string = environment().name

@description('Create Application Insights (workspace-based, Entra ID auth only) and wire the app to it.')
param enableApplicationInsights bool = true

// --- access -------------------------------------------------------------------------------------

@description('Subscriptions whose NICs accelconn reads and tiers: each gets the custom role assigned to the app\'s identity (and, in phase 3, its own Event Grid system topic).')
@minLength(1)
param targetSubscriptionIds array

@description('Name of the custom role; role names are unique per Microsoft Entra tenant.')
param customRoleName string = 'accelconn NIC operator'

@description('Actions added to the custom role, e.g. the join actions for NICs that reference NSGs, public IPs or load balancer pools (README "The role").')
param extraRoleActions array = []

param tags object = {
  application: 'accelconn'
}

// The role's actions, each with its reason. README.md "The role" has the same list.
var nicOperatorActions = [
  // Read the NIC an event names, and the fleet during a sweep (Resource Graph returns only what
  // the caller may read, so read on the resources is all a Resource Graph query needs).
  'Microsoft.Network/networkInterfaces/read'
  // PUT the NIC with auxiliaryMode/auxiliarySku and the required tags (If-Match on the ETag).
  'Microsoft.Network/networkInterfaces/write'
  // A NIC PUT sends the whole NIC back, including each ipConfiguration's subnet id, and ARM runs
  // a linked-access check on the subnets referenced in the body ('LinkedAuthorizationFailed'
  // otherwise). Needed even though accelconn never changes the subnet.
  'Microsoft.Network/virtualNetworks/subnets/join/action'
  // VM size (tier and eligibility), power state (the NIC may change only while deallocated).
  'Microsoft.Compute/virtualMachines/read'
  'Microsoft.Compute/virtualMachines/instanceView/read'
  // Stop-deallocate and start a VM around a NIC change when policy allows it.
  'Microsoft.Compute/virtualMachines/deallocate/action'
  'Microsoft.Compute/virtualMachines/start/action'
  // Resource SKUs API: the live size catalog (AcceleratedNetworkingEnabled, vCPUs).
  'Microsoft.Compute/skus/read'
  // Sweep inventory: one Resource Graph query returns NICs joined with their VMs (results are
  // still filtered to what the caller may read); listed so the role states what the sweep does.
  'Microsoft.ResourceGraph/resources/read'
  // The sweep's default scope when no enrolled list is set: the subscriptions the identity can read.
  'Microsoft.Resources/subscriptions/read'
  // Only what the code calls: no resourceGroups/read (the sweep's ARM-list fallback lists NICs and
  // VMs per subscription, never resource groups). The Monitor read comes with the telemetry feature.
  // Poll the long-running operations that NIC PUT (Azure-AsyncOperation) and VM
  // deallocate/start return: the status URLs are authorized as these read actions. Not in the
  // original list of ten; without them a write succeeds but accelconn cannot see it finish.
  'Microsoft.Network/locations/operations/read'
  'Microsoft.Compute/locations/operations/read'
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module app 'modules/app.bicep' = {
  name: 'accelconn-app'
  scope: rg
  params: {
    location: location
    namePrefix: namePrefix
    planSku: planSku
    packageVariant: packageVariant
    allowSharedKeyAccess: allowSharedKeyAccess
    storageSku: storageSku
    auditTableName: auditTableName
    restartJournalTableName: restartJournalTableName
    restartJournalSchedule: restartJournalSchedule
    // deployer() is the identity running this deployment (user, service principal or managed identity).
    deployerObjectId: grantDeployerPackageUpload ? deployer().objectId : ''
    deadLetterContainerName: deadLetterContainerName
    sweepQueueName: sweepQueueName
    sweepSchedule: sweepSchedule
    enforceMode: enforceMode
    enrolledSubscriptionIds: enrolledSubscriptionIds
    azureCloud: azureCloud
    enableApplicationInsights: enableApplicationInsights
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    javaExecutablePath: javaExecutablePath
    tags: tags
  }
}

// Least-privilege custom role, defined in this (the hosting) subscription and assignable in every
// target subscription. The deployer needs Microsoft.Authorization/roleDefinitions/write on all of
// them (Owner or User Access Administrator).
resource nicOperatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, customRoleName)
  properties: {
    roleName: customRoleName
    description: 'accelconn: read NICs, VMs, SKUs and the fleet inventory; set Accelerated Connections on NICs; deallocate/start VMs to re-attach a NIC.'
    type: 'CustomRole'
    permissions: [
      {
        actions: union(nicOperatorActions, extraRoleActions)
        notActions: []
      }
    ]
    assignableScopes: union([subscription().id], map(targetSubscriptionIds, subscriptionId => '/subscriptions/${subscriptionId}'))
  }
}

module targetAccess 'modules/target-access.bicep' = [for subscriptionId in targetSubscriptionIds: {
  name: 'accelconn-access-${uniqueString(subscriptionId, resourceGroupName)}'
  scope: subscription(subscriptionId)
  params: {
    principalId: app.outputs.principalId
    roleDefinitionGuid: nicOperatorRole.name
  }
  dependsOn: [
    nicOperatorRole
  ]
}]

output resourceGroupName string = rg.name
output functionAppName string = app.outputs.functionAppName
output functionAppResourceId string = app.outputs.functionAppResourceId
output functionAppHostName string = app.outputs.functionAppHostName
output functionAppPrincipalId string = app.outputs.principalId
output storageAccountName string = app.outputs.storageAccountName
output storageAccountResourceId string = app.outputs.storageAccountResourceId
output tableEndpoint string = app.outputs.tableEndpoint
output deadLetterContainerName string = app.outputs.deadLetterContainerName
output packageContainerName string = app.outputs.packageContainerName
output packageBlobName string = app.outputs.packageBlobName
output usesPackageBlobUrl bool = app.outputs.usesPackageBlobUrl
output planSku string = planSku
output packageVariant string = packageVariant
output customRoleDefinitionId string = nicOperatorRole.id

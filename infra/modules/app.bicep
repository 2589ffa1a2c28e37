// accelconn: everything inside the resource group. Called by ../main.bicep.
//
// Creates the storage account (audit table, dead-letter and package containers), the Linux
// Functions plan, the function app with its system-assigned identity, optional Application
// Insights, and the data-plane role assignments the identity needs on those resources.
// The ARM-side role (NICs, VMs, SKUs, metrics) is assigned per target subscription by main.bicep.
targetScope = 'resourceGroup'

param location string
param namePrefix string
param planSku string
param packageVariant string
param allowSharedKeyAccess bool
param storageSku string
param auditTableName string
param restartJournalTableName string
param restartJournalSchedule string
@description('Object ID that gets Storage Blob Data Contributor on the package container when the app runs from the package blob; empty = none.')
param deployerObjectId string
param deadLetterContainerName string
param sweepQueueName string
param sweepSchedule string
param enforceMode string
param enrolledSubscriptionIds array
param azureCloud string
param enableApplicationInsights bool
param maximumInstanceCount int
param instanceMemoryMB int
param javaExecutablePath string
param tags object

// ---------------------------------------------------------------------------------------------
// Names. One suffix per resource group keeps the globally unique names (storage, site) stable
// across redeployments of the same environment.
// ---------------------------------------------------------------------------------------------
var suffix = uniqueString(resourceGroup().id)
var storageAccountName = take('${toLower(replace(namePrefix, '-', ''))}${suffix}', 24)
var functionAppName = '${namePrefix}-func-${suffix}'
var planName = '${namePrefix}-plan-${suffix}'
var isFlex = planSku == 'FC1'

// The package container: on Flex Consumption it is the app's deployment storage (the platform
// writes each zip deployment there); on Elastic Premium without shared keys the app runs from the
// one blob `packageBlobName` in it (WEBSITE_RUN_FROM_PACKAGE = its URL, read with the identity).
var packageContainerName = 'app-package'
var packageBlobName = 'accelconn-functions.zip'
var usePackageBlobUrl = !isFlex && !allowSharedKeyAccess
var contentShareName = take(toLower(functionAppName), 63)

// Built-in role definition IDs (same GUID in every cloud).
var roleStorageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var roleStorageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var roleStorageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var roleMonitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
var roleStorageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

// ---------------------------------------------------------------------------------------------
// Storage: host storage for the Functions runtime, the audit table, the Event Grid dead-letter
// container and the deployment package container.
// ---------------------------------------------------------------------------------------------
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // false (the default) means only Microsoft Entra ID reaches the data: the app, the Functions
    // host, Event Grid dead-lettering and the deployer all use identities, so nothing needs a key.
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: packageContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource auditTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: auditTableName
}

// The compliance sweep: its tables (the app would create them at first use; here they exist from
// the start, so an identity without table-create rights works too) and its work-item queue. The
// Functions host moves a message that failed maxDequeueCount (5, host.json) times to
// '<queue>-poison'; accelconn records that item FAILED on its last delivery, so its run ends
// FAILED. The poison queue exists from the start so that alerts and tooling can watch it.
resource sweepRunsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'AccelConnSweepRuns'
}

resource sweepCheckpointsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'AccelConnSweepCheckpoints'
}

resource sweepReportTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'AccelConnSweepReport'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource sweepQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: sweepQueueName
}

resource sweepPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${sweepQueueName}-poison'
}

resource restartJournalTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: restartJournalTableName
}

// Elastic Premium with shared keys keeps its code on an Azure Files share (the platform default).
// Azure Files has no identity-based access for the Functions content share, which is why the
// share exists only when keys are allowed; without keys the app runs from the package blob.
resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = if (!isFlex && allowSharedKeyAccess) {
  parent: storage
  name: 'default'
}

resource contentShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = if (!isFlex && allowSharedKeyAccess) {
  parent: fileService
  name: contentShareName
}

// ---------------------------------------------------------------------------------------------
// Monitoring (optional): workspace-based Application Insights with local auth off; the app's
// identity publishes telemetry with Monitoring Metrics Publisher.
// ---------------------------------------------------------------------------------------------
resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = if (enableApplicationInsights) {
  name: '${namePrefix}-log-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = if (enableApplicationInsights) {
  name: '${namePrefix}-appi-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

// ---------------------------------------------------------------------------------------------
// Plan.
//
// FC1 (Flex Consumption, the default): scale to zero, identity-only deployment storage, works
// with allowSharedKeyAccess = false. Flex does not take FUNCTIONS_WORKER_RUNTIME or
// FUNCTIONS_EXTENSION_VERSION as app settings (the platform sets them from
// functionAppConfig.runtime, and always runs Functions 4.x), nor siteConfig.linuxFxVersion. The
// runtime stack is therefore chosen as `java` 17: that image provides the JRE (JAVA_HOME), and
// the Functions host still runs the custom handler because host.json has a `customHandler`
// section. Microsoft's own Quarkus custom-handler sample (Azure-Samples/
// mcp-sdk-functions-hosting-java, infra/main.bicep) runs exactly this way on FC1.
//
// EP1 (Elastic Premium): classic settings: FUNCTIONS_WORKER_RUNTIME=custom,
// FUNCTIONS_EXTENSION_VERSION=~4 and linuxFxVersion 'Java|17', which selects the Java 17 image
// (JRE under JAVA_HOME). Always-on instances: pick it for no cold starts or VNet needs Flex lacks.
//
// Linux Consumption (Y1) is not offered: it is retired on 2028-09-30, gets no new language
// versions, and its zip deployment needs a SAS URL, i.e. shared keys on the storage account.
// ---------------------------------------------------------------------------------------------
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex ? {
    name: 'FC1'
    tier: 'FlexConsumption'
  } : {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: isFlex ? null : min(maximumInstanceCount, 20)
  }
}

// ---------------------------------------------------------------------------------------------
// App settings.
// ---------------------------------------------------------------------------------------------

// Host storage through the identity: no AzureWebJobsStorage connection string. This matters to
// accelconn too: its `accelconn.storage.connection-string` defaults to AzureWebJobsStorage and
// would win over the table endpoint below; with only the `__` settings it stays unset and the app
// uses ACCELCONN_STORAGE_TABLE_ENDPOINT with DefaultAzureCredential (the same identity).
var hostStorageSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  // The sweep-worker queue trigger (identity-based), and accelconn's own queue client
  // (accelconn.storage.queue-endpoint defaults to this setting).
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
}

// accelconn's own configuration (README "Configuration": accelconn.x.y = ACCELCONN_X_Y).
var accelconnSettings = {
  // `audit` decides and records exactly as `enforce` would, but never writes to ARM.
  ACCELCONN_ENFORCE_MODE: enforceMode
  ACCELCONN_STORAGE_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
  ACCELCONN_STORAGE_AUDIT_TABLE: auditTableName
  ACCELCONN_SWEEP_QUEUE: sweepQueueName
  // functions/sweep-timer/function.json reads its schedule from this setting (%ACCELCONN_SWEEP_SCHEDULE%);
  // the host refuses to load the function without it.
  ACCELCONN_SWEEP_SCHEDULE: sweepSchedule
  ACCELCONN_STORAGE_RESTART_JOURNAL_TABLE: restartJournalTableName
  // Read by the Functions host, not by accelconn: functions/restart-journal/function.json names it
  // as %ACCELCONN_RESTART_JOURNAL_SCHEDULE%, and the host refuses to load the function without it.
  ACCELCONN_RESTART_JOURNAL_SCHEDULE: restartJournalSchedule
  ACCELCONN_AZURE_CLOUD: azureCloud
  // DefaultAzureCredential: in Azure it resolves to the app's system-assigned identity, which the
  // Functions host passes to the custom handler process (IDENTITY_ENDPOINT / IDENTITY_HEADER).
  ACCELCONN_AZURE_AUTHENTICATION: 'default'
}

// Unset = no sign-up check; set = only these subscriptions are eligible.
var enrolledSettings = empty(enrolledSubscriptionIds) ? {} : {
  ACCELCONN_POLICY_ENROLLED_SUBSCRIPTIONS: join(enrolledSubscriptionIds, ',')
}

// The JVM variant's host.json starts `java`. The Java images set JAVA_HOME (the platform's own
// Java worker is started from it) but have not always put `java` on PATH for custom handlers
// (azure-functions-host issue #9670). The host expands %VAR% in defaultExecutablePath, and any
// host.json value can be overridden by an AzureFunctionsJobHost__... app setting, so this pins
// the JRE without touching functions/host.json. The native variant runs ./accelconn: no override.
var javaSettings = (packageVariant == 'jvm' && !empty(javaExecutablePath)) ? {
  AzureFunctionsJobHost__customHandler__description__defaultExecutablePath: javaExecutablePath
} : {}

var monitoringSettings = enableApplicationInsights ? {
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
} : {}

var premiumSettings = isFlex ? {} : union({
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'custom'
}, usePackageBlobUrl ? {
  // Run from the package blob, fetched with the system-assigned identity (Storage Blob Data
  // Owner below). infra/deploy.sh uploads the zip to exactly this blob. Set here, not by the
  // deploy script, because each run of this template replaces all app settings.
  WEBSITE_RUN_FROM_PACKAGE: '${storage.properties.primaryEndpoints.blob}${packageContainerName}/${packageBlobName}'
} : {
  WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  WEBSITE_CONTENTSHARE: contentShareName
  WEBSITE_RUN_FROM_PACKAGE: '1'
})

var appSettings = union(hostStorageSettings, accelconnSettings, enrolledSettings, javaSettings, monitoringSettings, premiumSettings)
var appSettingsList = map(items(appSettings), setting => {
  name: setting.key
  value: setting.value
})

// ---------------------------------------------------------------------------------------------
// Function app.
// ---------------------------------------------------------------------------------------------
resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    functionAppConfig: isFlex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        // Each instance has its own client-side ARM token buckets; the sum over instances must
        // stay under ARM's per-subscription write budget (10/s refill), so keep this modest.
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    } : null
    siteConfig: isFlex ? {
      minTlsVersion: '1.2'
      appSettings: appSettingsList
    } : {
      linuxFxVersion: 'Java|17'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      use32BitWorkerProcess: false
      appSettings: appSettingsList
    }
  }
  dependsOn: [
    // The content share must exist before the EP1 site validates WEBSITE_CONTENTSHARE.
    contentShare
    packageContainer
  ]
}

// ---------------------------------------------------------------------------------------------
// Data-plane roles for the app's identity.
// ---------------------------------------------------------------------------------------------

// Functions host storage (keys, leases, timers) and the deployment package: the documented role
// for identity-based AzureWebJobsStorage is Storage Blob Data Owner.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roleStorageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageBlobDataOwner)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: Functions host storage and deployment package'
  }
}

// accelconn's audit records (and its other tables; the app may create them, see README).
resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roleStorageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageTableDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: audit and telemetry tables'
  }
}

// The sweep's work items: accelconn enqueues them, the Functions host's queue trigger reads,
// updates and deletes them and writes the poison queue. Storage Queue Data Contributor covers both.
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionApp.id, roleStorageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageQueueDataContributor)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: sweep work items (queue trigger and enqueue)'
  }
}

// deploy.sh phase 2 on EP1 without shared keys uploads the zip with `az storage blob upload
// --auth-mode login`: a data-plane call, which Owner or Contributor on the subscription does not
// allow. This grants the deploying identity exactly that, on the package container only. The
// principal type is left out: the deployer may be a user, a service principal or a managed identity.
resource deployerPackageUpload 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (usePackageBlobUrl && !empty(deployerObjectId)) {
  name: guid(packageContainer.id, deployerObjectId, roleStorageBlobDataContributor)
  scope: packageContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageBlobDataContributor)
    principalId: deployerObjectId
    description: 'accelconn: deploy.sh uploads the app package (EP1 without shared keys)'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (enableApplicationInsights) {
  name: guid(appInsights.id, functionApp.id, roleMonitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleMonitoringMetricsPublisher)
    principalId: functionApp.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: Application Insights with Entra ID authentication'
  }
}

output functionAppName string = functionApp.name
output functionAppResourceId string = functionApp.id
output functionAppHostName string = functionApp.properties.defaultHostName
output principalId string = functionApp.identity.principalId
output storageAccountName string = storage.name
output storageAccountResourceId string = storage.id
output tableEndpoint string = storage.properties.primaryEndpoints.table
output auditTableName string = auditTable.name
output restartJournalTableName string = restartJournalTable.name
output deadLetterContainerName string = deadLetterContainer.name
output sweepQueueName string = sweepQueue.name
output packageContainerName string = packageContainer.name
output packageBlobName string = packageBlobName
output usesPackageBlobUrl bool = usePackageBlobUrl

// accelconn: lets one Event Grid system topic write dead-lettered events into the dead-letter
// container. Deployed by ../eventgrid.bicep into the resource group of accelconn's storage account
// (which may be in another subscription than the topic). Scoped to the one container.
targetScope = 'resourceGroup'

param storageAccountName string
param containerName string

@description('Object ID of the system topic\'s system-assigned identity.')
param principalId string

var roleStorageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: containerName
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(container.id, principalId, roleStorageBlobDataContributor)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleStorageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'accelconn: Event Grid dead-lettering'
  }
}

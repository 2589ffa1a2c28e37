// accelconn: phase 3 of 3, the Event Grid subscription (see README.md). Deploy it once per
// target subscription, after the code (phase 2): Event Grid checks the `enforce` function exists
// when the event subscription is created.
//
//   az deployment sub create --subscription <target> --location <region> \
//     --template-file infra/eventgrid.bicep \
//     --parameters functionAppResourceId=<main.bicep output> storageAccountResourceId=<output>
//
// Creates, in the target subscription: a resource group (if missing) holding the system topic of
// type Microsoft.Resources.Subscriptions for that subscription, with a system-assigned identity;
// the event subscription delivering ResourceWriteSuccess for NIC and VM writes to `enforce`;
// and, in accelconn's storage account (possibly another subscription), the identity's right to
// write dead-lettered events into the dead-letter container.
targetScope = 'subscription'

@description('Region of the resource group that holds the system topic (the topic itself is global).')
param location string

@description('Resource group in this subscription for the system topic (created if missing).')
param resourceGroupName string = 'rg-accelconn-events'

@description('Name of the system topic for this subscription\'s ARM events.')
param systemTopicName string = 'accelconn-arm-events'

@description('Name of the event subscription on the topic.')
param eventSubscriptionName string = 'accelconn-nic-vm-writes'

@description('Resource ID of the function app (main.bicep output functionAppResourceId).')
param functionAppResourceId string

@description('Function that receives the events (an eventGridTrigger).')
param functionName string = 'enforce'

@description('Resource ID of accelconn\'s storage account (main.bicep output storageAccountResourceId).')
param storageAccountResourceId string

@description('Dead-letter container in that storage account (created by main.bicep).')
param deadLetterContainerName string = 'accelconn-deadletter'

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('Minutes an event is retried before it is dead-lettered (1440 = Event Grid\'s 24 h maximum).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

param tags object = {
  application: 'accelconn'
}

// /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>
var storageIdSegments = split(storageAccountResourceId, '/')
var storageSubscriptionId = storageIdSegments[2]
var storageResourceGroupName = storageIdSegments[4]
var storageAccountName = last(storageIdSegments)

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module topic 'modules/events-topic.bicep' = {
  name: 'accelconn-events-topic'
  scope: rg
  params: {
    systemTopicName: systemTopicName
    tags: tags
  }
}

module deadLetterAccess 'modules/deadletter-access.bicep' = {
  name: 'accelconn-deadletter-${uniqueString(subscription().id)}'
  scope: resourceGroup(storageSubscriptionId, storageResourceGroupName)
  params: {
    storageAccountName: storageAccountName
    containerName: deadLetterContainerName
    principalId: topic.outputs.principalId
  }
}

module eventSubscription 'modules/events-subscription.bicep' = {
  name: 'accelconn-events-subscription'
  scope: rg
  params: {
    systemTopicName: topic.outputs.systemTopicName
    eventSubscriptionName: eventSubscriptionName
    functionResourceId: '${functionAppResourceId}/functions/${functionName}'
    deadLetterStorageAccountResourceId: storageAccountResourceId
    deadLetterContainerName: deadLetterContainerName
    maxDeliveryAttempts: maxDeliveryAttempts
    eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
  }
  dependsOn: [
    // Dead-lettering must be allowed before the first event can need it.
    deadLetterAccess
  ]
}

output systemTopicResourceId string = topic.outputs.systemTopicResourceId
output systemTopicPrincipalId string = topic.outputs.principalId
output eventSubscriptionResourceId string = eventSubscription.outputs.eventSubscriptionResourceId

// accelconn: the event subscription that delivers NIC and VM writes to the `enforce` function.
// Called by ../eventgrid.bicep after the dead-letter role assignment.
targetScope = 'resourceGroup'

param systemTopicName string
param eventSubscriptionName string
param functionResourceId string
param deadLetterStorageAccountResourceId string
param deadLetterContainerName string
param maxDeliveryAttempts int
param eventTimeToLiveInMinutes int

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource nicAndVmWrites 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: eventSubscriptionName
  properties: {
    // AzureFunction delivery: Event Grid calls the function's eventGridTrigger with its system key
    // (no key handling here), which is why the function must already be deployed.
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionResourceId
        // One event per call: each one is decided, written and audited on its own.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
      ]
      // New or changed NICs, and VM writes (a VM created with its NICs, or resized). accelconn's
      // own NIC PUT comes back through here too: the handler is loop-safe (desired state already
      // met = no write).
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.Network/networkInterfaces/write'
            'Microsoft.Compute/virtualMachines/write'
          ]
        }
      ]
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageAccountResourceId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output eventSubscriptionResourceId string = nicAndVmWrites.id
